/**
 * Drafts on several processes (issue 14.3; reliability rows 14, 16, 26): two draft server processes (A, B) share
 * the test database and a private redis-server; editors are the real client provider over socket.io-client.
 * - edits through A and B converge on every editor and in the database; awareness (cursors) crosses processes;
 * - a process stores the relayed updates it holds that their origin died without storing (sender gone too), and
 *   removes the awareness states (cursors) the dead process spoke for (no ghost cursors);
 * - kill -9 of A while editors type through A and B: A's editors reconnect to B (through a loopback TCP front
 *   that, like a load balancer, sends a new connection to a live process), nothing acknowledged is lost, every
 *   replica converges with the stored document. A's appends are slowed (fault injection) so that it dies holding
 *   updates it relayed (B and every editor have them) but never stored: only their senders' resends store them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Types } from 'mongoose';
import * as Y from 'yjs';
import { loadDraft } from '../../../server/src/features/drafts/draftPersistence';
import { startRedis, redisServerAvailable, type TestRedis } from '../../helpers/redis';
import { ensureBundle } from '../../helpers/appBundle';
import {
  fragmentText,
  openEditor,
  seedDraft,
  startDraftDb,
  synced,
  typeInto,
  waitFor,
  type DraftTestDb,
  type TestEditor,
  type TestUser,
} from './draftHarness';

jest.setTimeout(90_000);

interface DraftProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
}

async function spawnDraftProcess(
  dbUri: string,
  redisUrl: string,
  env: Record<string, string> = {},
): Promise<DraftProcess> {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  // An esbuild bundle of the fixture (tests/helpers/appBundle.ts): far less CPU per start than tsx.
  const bundle = await ensureBundle(
    path.join(__dirname, 'fixtures', 'draftServerProcess.ts'),
    'draftServerProcess',
    [__dirname],
  );
  const child = spawn(process.execPath, [bundle], {
    cwd: repoRoot,
    env: { ...process.env, DRAFT_DB_URI: dbUri, DRAFT_PORT: '0', REDIS_URL: redisUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`draft process did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /LISTENING (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ url: match[1], port: Number(new URL(match[1]).port), child, output: () => output });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`draft process exited (${code}):\n${output}`));
    });
  });
}

/**
 * A loopback TCP front for one group of editors: each new connection goes to the first backend that accepts it
 * (a dead process refuses), as a load balancer with health checks would send it.
 */
async function startFront(backends: () => number[]): Promise<{ url: string; close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const tryNext = (candidates: number[]) => {
      const port = candidates[0];
      if (port === undefined) return client.destroy();
      const upstream = net.connect({ host: '127.0.0.1', port });
      let connected = false;
      upstream.once('error', () => {
        if (!connected) tryNext(candidates.slice(1));
      });
      upstream.once('connect', () => {
        connected = true;
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.on('error', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryNext(backends());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

const storedText = async (draftId: string): Promise<string> => {
  const { doc } = await loadDraft(new Types.ObjectId(draftId));
  const text = fragmentText(doc);
  doc.destroy();
  return text;
};

const describeWithRedis = redisServerAvailable() ? describe : describe.skip;

describeWithRedis('drafts across two processes on Redis', () => {
  let db: DraftTestDb;
  let redis: TestRedis;
  let a: DraftProcess;
  let b: DraftProcess;
  let c: DraftProcess;
  const editors: TestEditor[] = [];
  const fronts: Array<{ close(): void }> = [];

  beforeAll(async () => {
    [db, redis] = await Promise.all([startDraftDb(), startRedis()]);
    // A stores slowly (fault injection): when it is killed, updates it relayed are not durable yet, and only their
    // senders' resends (after reconnecting to B) can store them.
    // Idle compaction (which also stores relayed updates a dead origin left unstored) is pushed out of the way, so
    // the kill test proves the senders' resends; C never stores in time (its process dies first).
    // A relay heartbeat of 200 ms: a killed process is taken for dead after 3 silent beats.
    const quiet = { DRAFT_IDLE_COMPACT_MS: '120000', PRESENCE_HEARTBEAT_MS: '200' };
    [a, b, c] = await Promise.all([
      spawnDraftProcess(db.db.uri, redis.url, { ...quiet, DRAFT_SLOW_APPEND_MS: '150' }),
      spawnDraftProcess(db.db.uri, redis.url, quiet),
      spawnDraftProcess(db.db.uri, redis.url, { ...quiet, DRAFT_SLOW_APPEND_MS: '5000' }),
    ]);
  });

  afterAll(async () => {
    for (const editor of editors) editor.close();
    for (const front of fronts) front.close();
    for (const proc of [a, b, c]) if (proc && proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await redis?.stop();
    await db?.stop();
  });

  const open = (url: string, user: TestUser, draftId: string): TestEditor => {
    const editor = openEditor(url, user, draftId, new Y.Doc());
    editors.push(editor);
    return editor;
  };

  test('editsThroughAAndBConvergeAndAwarenessCrosses', async () => {
    const { draftId, users } = await seedDraft(['participant', 'participant']);
    const onA = open(a.url, users[0], draftId);
    const onB = open(b.url, users[1], draftId);
    await Promise.all([synced(onA), synced(onB)]);
    typeInto(onA.doc, 'Clusters ');
    await waitFor(() => onB.text() === 'Clusters ', 10_000, 'A → B');
    typeInto(onB.doc, 'and districts');
    await waitFor(() => onA.text() === 'Clusters and districts', 10_000, 'B → A');
    expect(await onA.provider.flush()).toBe(true);
    expect(await onB.provider.flush()).toBe(true);
    expect(await storedText(draftId)).toBe('Clusters and districts');

    onA.provider.awareness.setLocalStateField('cursor', { anchor: 3, head: 3 });
    await waitFor(
      () => onB.provider.awareness.getStates().get(onA.doc.clientID)?.cursor !== undefined,
      10_000,
      'A cursor on B',
    );
    // The name is the one the server stamped for A's user, not whatever a client claims.
    const state = onB.provider.awareness.getStates().get(onA.doc.clientID) as { user?: { name?: string } };
    expect(state.user?.name).toBe(users[0].name);
  });

  test('aProcessStoresRelayedUpdatesWhoseOriginAndSenderDiedBeforeStoringThem', async () => {
    const { draftId, users } = await seedDraft(['participant', 'participant']);
    const onC = open(c.url, users[0], draftId);
    const onB = open(b.url, users[1], draftId);
    await Promise.all([synced(onC), synced(onB)]);
    const text = 'Relayed by C, never stored by C';
    typeInto(onC.doc, text);
    await waitFor(() => onB.text() === text, 10_000, 'relayed to B');
    onC.provider.awareness.setLocalStateField('cursor', { anchor: 2, head: 2 });
    await waitFor(() => onB.provider.awareness.getStates().has(onC.doc.clientID), 10_000, 'C cursor on B');
    // C dies before its (slowed) append, and the sender goes with it: nobody will resend.
    c.child.kill('SIGKILL');
    onC.close();
    expect(await storedText(draftId)).toBe('');
    // No ghost cursor: B hears nothing from C for 3 heartbeats and removes the states C spoke for, telling its
    // editors — well before y-protocols' own 30 s outdated timeout would drop the state on B's editor.
    await waitFor(
      () => !onB.provider.awareness.getStates().has(onC.doc.clientID),
      15_000,
      "dead process's cursor removed on B",
    );
    // The last editor leaves B: B compacts, first storing what it holds and the log lacks.
    onB.close();
    await waitFor(async () => (await storedText(draftId)) === text, 15_000, 'B stored the relayed update');
  });

  test('kill9OfAWhileEditorsTypeLosesNothingAcknowledgedAndReplicasConverge', async () => {
    const { draftId, users } = await seedDraft(['participant', 'participant', 'participant', 'participant']);
    // A's editors reach A through a front that sends them to B once A refuses connections.
    const frontA = await startFront(() => [a.port, b.port]);
    fronts.push(frontA);
    const group = [
      open(frontA.url, users[0], draftId),
      open(frontA.url, users[1], draftId),
      open(b.url, users[2], draftId),
      open(b.url, users[3], draftId),
    ];
    await Promise.all(group.map(synced));
    typeInto(group[0].doc, '·');
    await waitFor(() => group.every((e) => e.text() === '·'), 10_000, 'first paragraph everywhere');

    const acked = new Set<string>();
    const typed: string[] = [];
    const KEYSTROKES = 40;
    let killed = false;
    for (let i = 0; i < KEYSTROKES; i += 1) {
      if (i === KEYSTROKES / 4) {
        a.child.kill('SIGKILL');
        killed = true;
      }
      for (const [n, editor] of group.entries()) {
        const token = `[${n}:${i}]`;
        const before = editor.provider.lastSent;
        typeInto(editor.doc, token);
        typed.push(token);
        const sent = editor.provider.lastSent;
        // Only an update sent on its own is acknowledged on its own (offline edits go with the next handshake).
        if (sent && sent !== before) void sent.then((ok) => ok && acked.add(token));
      }
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    expect(killed).toBe(true);
    await waitFor(() => a.child.exitCode !== null || a.child.signalCode !== null, 10_000, 'A exited');

    // Every editor is back (A's through the front, on B).
    await waitFor(() => group.every((e) => e.provider.status === 'synced'), 30_000, 'editors resynced');
    // Nothing acknowledged is lost; and here, nothing typed either: A died holding relayed, unstored updates, and
    // their senders resent them to B.
    const missing = async () => {
      const stored = await storedText(draftId);
      return typed.filter((token) => !stored.includes(token));
    };
    await waitFor(async () => (await missing()).length === 0, 20_000, 'every typed update stored').catch(
      async () => {
        throw new Error(`not stored: ${(await missing()).join(' ')}`);
      },
    );
    const stored = await storedText(draftId);
    expect(acked.size).toBeGreaterThan(0);
    for (const token of acked) expect(stored).toContain(token);
    await waitFor(() => group.every((e) => e.text() === stored), 15_000, 'replicas equal the stored draft');
    for (const editor of group) {
      expect(await editor.provider.flush()).toBe(true);
      expect(editor.provider.unackedUpdates.size).toBe(0);
    }
    // A fresh editor on B (a new replica loaded from B's memory) converges too.
    const late = open(b.url, users[0], draftId);
    await synced(late);
    await waitFor(() => late.text() === stored, 10_000, 'late editor converged');
  });
});
