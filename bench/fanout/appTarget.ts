/**
 * The app under test for the fan-out benchmark: the real server process (as `npm start` runs it, with
 * the embedded engine as its supervised child) on the demo seed. The moderator starts a live session
 * and opens the first question of the Competitiveness block; demo accounts' cookies are shared by the
 * simulated participants.
 */
import path from 'node:path';
import { io } from 'socket.io-client';
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

export async function prepareAppTarget(dataDir: string): Promise<FanoutTarget> {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const { child, url } = await startProcess(
    path.join(repoRoot, 'server', 'src', 'index.ts'),
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
    name: 'app',
    url,
    pid: child.pid!,
    cookies: sessions.map((s) => s.cookie),
    joinSteps: [
      { event: 'workspace:join', payload: { workspaceId } },
      { event: 'question:subscribe', payload: { questionId: question.id } },
    ],
    payloadTemplate: JSON.stringify({ questionId: question.id, clientId: '__CLIENT_ID__', body: '__BODY__' }),
    stop: () => stopProcess(child),
  };
}
