/**
 * Child process of the drafts benchmark. `DRAFT_BENCH_MODE=app`: the real draft stack on the app's composition
 * root (command pipeline, guard, relay at once, group-committed durable append, ack, compaction) against
 * `DRAFT_BENCH_DB`; `bare`: the ceiling — y-protocols over a bare Socket.IO server (apply to an in-memory Y.Doc,
 * broadcast to the room, ack at once; no persistence, no checks). Prints `READY <url> <draftId> <userId>`; the
 * handshake takes `{ userId, name }` (sessions are not measured here). Answers `'cpu'` IPC messages with
 * `process.cpuUsage()`, and `'stalls'` with its event-loop stalls since the last ask (DRAFT_BENCH_DUMP only).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose, { Types } from 'mongoose';
import { pino } from 'pino';
import { Server } from 'socket.io';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import '../../server/src/db/connection';
import { Draft } from '../../server/src/features/drafts/draft.model';
import { createDraftsFeature } from '../../server/src/features/drafts';
import { Workspace } from '../../server/src/features/workspaces/workspace.model';
import { loadConfig } from '../../server/src/config/config';
import { createServer as createPolosServer } from '../../server/src/server';
import { watchStalls } from '../lib/stalls';

async function main(): Promise<void> {
  const mode = process.env.DRAFT_BENCH_MODE === 'bare' ? 'bare' : 'app';
  const userId = new Types.ObjectId();
  let draftId = new Types.ObjectId().toHexString();
  if (mode === 'app') {
    await mongoose.connect(process.env.DRAFT_BENCH_DB ?? '', { serverSelectionTimeoutMS: 10_000 });
    const workspace = await Workspace.create({ title: 'Bench', members: [{ userId, role: 'participant' }] });
    draftId = (
      await Draft.create({ workspaceId: workspace._id, blockId: null, title: 'Bench draft' })
    )._id.toHexString();
    // The drafts feature on the app's composition root (one command pipeline, broadcaster, drafts runtime).
    const server = createPolosServer(
      {
        config: loadConfig({
          NODE_ENV: 'test',
          DEMO: 'false',
          SESSION_SECRET: 'bench-secret-bench-secret-bench-1234',
        }),
        logger: pino({ level: 'silent' }),
        // The log writer's own connection (its worker thread); DRAFT_BENCH_LOG_THREAD=0 appends on the event loop.
        db: {
          kind: 'mongodb',
          uri: process.env.DRAFT_BENCH_LOG_THREAD === '0' ? '' : (process.env.DRAFT_BENCH_DB ?? ''),
          isHealthy: async () => true,
          close: async () => undefined,
        },
      },
      {
        features: [
          createDraftsFeature({ compactEvery: Number(process.env.DRAFT_BENCH_COMPACT_EVERY ?? 1000) }),
        ],
        authenticate: async (socket) => {
          const auth = socket.handshake.auth as { userId?: string; name?: string };
          const id = auth.userId && Types.ObjectId.isValid(auth.userId) ? auth.userId : userId.toHexString();
          socket.data = {
            userId: id,
            name: auth.name ?? '',
            sessionKey: `bench-${id}`,
            workspaces: {},
            blockId: null,
            subscriptions: {},
          };
          return {
            userId: new Types.ObjectId(id),
            name: auth.name ?? '',
            district: null,
            sessionExpiresAt: new Date(Date.now() + 24 * 3_600_000),
          };
        },
      },
    );
    const url = await server.listen(0, '127.0.0.1');
    ready(url, draftId, userId);
    return;
  }
  {
    const http = createServer();
    const io = new Server(http, { maxHttpBufferSize: 1_000_000, serveClient: false });
    const docs = new Map<string, Y.Doc>();
    io.on('connection', (socket) => {
      socket.on('draft:join', (payload: { draftId: string }, ack: (reply: unknown) => void) => {
        void socket.join(`draft:${payload.draftId}`);
        ack({ ok: true, data: { access: 'edit', awareness: null } });
      });
      socket.on(
        'draft:sync',
        (payload: { draftId: string; message: Uint8Array }, ack: (reply: unknown) => void) => {
          let doc = docs.get(payload.draftId);
          if (!doc) docs.set(payload.draftId, (doc = new Y.Doc()));
          const decoder = decoding.createDecoder(payload.message);
          const reply = encoding.createEncoder();
          const type = syncProtocol.readSyncMessage(decoder, reply, doc, socket.id);
          if (type !== syncProtocol.messageYjsSyncStep1) {
            socket
              .to(`draft:${payload.draftId}`)
              .emit('draft:sync', { draftId: payload.draftId, message: payload.message });
          }
          ack({
            ok: true,
            data: { replies: encoding.length(reply) > 0 ? [encoding.toUint8Array(reply)] : [] },
          });
        },
      );
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    ready(`http://127.0.0.1:${port}`, draftId, userId);
  }
}

/** Announces the server to the bench and answers its CPU samples. */
function ready(url: string, draftId: string, userId: Types.ObjectId): void {
  process.stdout.write(`READY ${url} ${draftId} ${userId.toHexString()}\n`);
  const watch = process.env.DRAFT_BENCH_DUMP ? watchStalls() : null;
  process.on('message', (message: unknown) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
    if (message === 'stalls')
      process.send?.({ stalls: watch?.stalls.splice(0) ?? [], gcs: watch?.gcs.splice(0) ?? [] });
  });
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench draft server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
