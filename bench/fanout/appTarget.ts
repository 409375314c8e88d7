/**
 * The app under test for the fan-out benchmark: the real server process (as `npm start` runs it, with
 * the embedded engine as its supervised child) on the demo seed. The moderator starts a live session
 * and opens the first question of the Competitiveness block; demo accounts' cookies are shared by the
 * simulated participants.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { io } from 'socket.io-client';
import { engineNodeArgs } from '../../server/src/db/engineBundle';
import { freePort, startRedis } from '../../tests/helpers/redis';
import type { FanoutTarget } from './process';
import { startProcess, stopProcess } from './process';

const DEMO_PASSWORD = 'polos-demo-2015';
const SENDER_ACCOUNTS = [
  'carlos@demo.polos.example',
  'sophie@demo.polos.example',
  'moderator@demo.polos.example',
];

interface Ack<T> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string };
}

async function login(url: string, email: string): Promise<{ cookie: string; workspaceId: string }> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  const body = (await response.json()) as { workspaces: Array<{ id: string }> };
  return { cookie, workspaceId: body.workspaces[0].id };
}

/** Demo logins on `url`, then the moderator starts a live session and opens a question; returns the joiners' steps. */
async function prepareLiveQuestion(url: string) {
  const sessions = await Promise.all(SENDER_ACCOUNTS.map((email) => login(url, email)));
  const moderator = sessions[2];
  const workspaceId = moderator.workspaceId;

  const socket = io(url, {
    transports: ['websocket'],
    extraHeaders: { cookie: moderator.cookie, origin: url },
  });
  const call = <T>(event: string, payload: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      socket.timeout(10000).emit(event, payload, (error: Error | null, ack: Ack<T>) => {
        if (error) return reject(error);
        if (!ack.ok) return reject(new Error(`${event}: ${ack.error?.code} ${ack.error?.message}`));
        resolve(ack.data as T);
      });
    });
  const joined = await call<{
    blocks: Array<{ id: string; kind: string; questions?: Array<{ id: string }> }>;
  }>('workspace:join', { workspaceId });
  const block = joined.blocks.find((b) => b.kind === 'discussion') ?? joined.blocks[0];
  await call('session:start', { workspaceId, title: 'Benchmark session' });
  await call('block:open', { blockId: block.id });
  const question = await call<{ id: string }>('question:open-next', { blockId: block.id });
  socket.disconnect();
  return {
    cookies: sessions.map((s) => s.cookie),
    joinSteps: [
      { event: 'workspace:join', payload: { workspaceId } },
      { event: 'question:subscribe', payload: { questionId: question.id } },
    ],
    payloadTemplate: JSON.stringify({ questionId: question.id, clientId: '__CLIENT_ID__', body: '__BODY__' }),
  };
}

const repoRoot = path.resolve(__dirname, '..', '..');
const serverEntry = path.join(repoRoot, 'server', 'src', 'index.ts');

export async function prepareAppTarget(dataDir: string): Promise<FanoutTarget> {
  const { child, url } = await startProcess(
    serverEntry,
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    /open (http:\/\/\S+)/,
  );
  return {
    name: 'app',
    url,
    pid: child.pid!,
    children: [child],
    ...(await prepareLiveQuestion(url)),
    stop: () => stopProcess(child),
  };
}

/**
 * Two app processes on one machine as `INSTANCES=2` runs them: the engine standalone (its CLI), a private
 * redis-server (tests/helpers/redis.ts) and two servers sharing MONGODB_URI, REDIS_URL and SESSION_SECRET.
 */
export async function prepareTwoProcessTarget(dataDir: string): Promise<FanoutTarget> {
  const redis = await startRedis();
  const enginePort = await freePort();
  const engineArgs = await engineNodeArgs();
  const engine = spawn(
    process.execPath,
    [...engineArgs, '--host', '127.0.0.1', '--port', String(enginePort), '--data', path.join(dataDir, 'db')],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    engine.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening on')) resolve();
    });
    engine.once('exit', (code) => reject(new Error(`engine exited with ${code}`)));
  });
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    MONGODB_URI: `mongodb://127.0.0.1:${enginePort}/polos`,
    REDIS_URL: redis.url,
    SESSION_SECRET: randomBytes(32).toString('hex'),
  };
  const a = await startProcess(
    serverEntry,
    { ...env, DATA_DIR: path.join(dataDir, 'a'), DEMO: 'true' },
    /open (http:\/\/\S+)/,
  );
  const b = await startProcess(
    serverEntry,
    { ...env, DATA_DIR: path.join(dataDir, 'b'), DEMO: 'false' },
    /open (http:\/\/\S+)/,
  );
  return {
    name: 'app-2proc',
    url: a.url,
    urls: [a.url, b.url],
    pid: a.child.pid!,
    children: [a.child, b.child],
    ...(await prepareLiveQuestion(a.url)),
    stop: async () => {
      await Promise.all([stopProcess(a.child), stopProcess(b.child)]);
      await stopProcess(engine);
      await redis.stop();
    },
  };
}
