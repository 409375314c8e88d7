/**
 * A draft server for tests: real Socket.IO on port 0, real database (embedded engine or MONGODB_URI), the
 * real draft handlers, and a test handshake that takes `{ userId, name }` from `auth` (the app's session
 * handshake is tested by the accounts feature; here we pin the draft protocol).
 */
import type { Server as HttpServer } from 'node:http';
import mongoose, { Types } from 'mongoose';
import type { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import * as Y from 'yjs';
import type { Role } from '@polos/shared';
import '../../../server/src/db/connection';
import { createServer } from '../../../server/src/server';
import type { SocketAuthenticator } from '../../../server/src/contracts/feature';
import { Workspace } from '../../../server/src/features/workspaces/workspace.model';
import { Draft } from '../../../server/src/features/drafts/draft.model';
import { createDraftsFeature } from '../../../server/src/features/drafts';
import type { DraftHub, DraftHubOptions } from '../../../server/src/features/drafts/draftHub';
import { draftRuntime, type DraftRuntime } from '../../../server/src/features/drafts/drafts.runtime';
import { collectionLogStore, loadDraft } from '../../../server/src/features/drafts/draftPersistence';
import type { LogStore } from '../../../server/src/features/drafts/draftLogWorker';
import { SocketDraftProvider } from '../../../client/src/features/drafts/draftProvider';
import type { RedisClient } from '../../../server/src/lib/redis';
import type { Logger } from '../../../server/src/lib/logger';
import { startTestDatabase, type TestDatabase } from '../../helpers/db';
import { testConfig } from '../../helpers/server';
import { waitFor } from '../../helpers/wait';
import { pino } from 'pino';

export const silentLogger = pino({ level: process.env.DRAFT_TEST_LOG ? 'debug' : 'silent' });

export interface DraftTestServer {
  url: string;
  io: Server;
  hub: DraftHub;
  /** The drafts runtime (hub and the draft commands' per-socket state). */
  runtime: DraftRuntime;
  http: HttpServer;
  /** Stops Socket.IO and the HTTP server, flushes the drafts (not the database). */
  close(): Promise<void>;
}

/** The test handshake: `{ userId, name }` from `auth`, a session that does not expire. */
const testHandshake: SocketAuthenticator = async (socket) => {
  const auth = socket.handshake.auth as { userId?: unknown; name?: unknown };
  if (
    typeof auth.userId !== 'string' ||
    typeof auth.name !== 'string' ||
    !Types.ObjectId.isValid(auth.userId)
  )
    throw new Error('unauthenticated');
  socket.data = {
    userId: auth.userId,
    name: auth.name,
    sessionKey: `test-${auth.userId}`,
    workspaces: {},
    blockId: null,
    subscriptions: {},
  };
  return {
    userId: new Types.ObjectId(auth.userId),
    name: auth.name,
    district: null,
    sessionExpiresAt: new Date(Date.now() + 24 * 3_600_000),
  };
};

/**
 * The drafts feature alone on the app's composition root (`createServer`): the one command pipeline, the
 * broadcaster and the drafts runtime exactly as the app builds them, with the test handshake.
 */
export async function startDraftServer(
  hubOptions: DraftHubOptions & { port?: number; redis?: RedisClient; logger?: Logger } = {},
): Promise<DraftTestServer> {
  const { port, redis, logger, ...options } = hubOptions;
  // The log is appended as in the app: on its worker thread, with its own connection to the test database.
  options.logUri ??= connectedUri;
  // A draft process of the multi-process tests may shorten the relay heartbeat (PRESENCE_HEARTBEAT_MS).
  const heartbeat = process.env.PRESENCE_HEARTBEAT_MS;
  const config = testConfig(heartbeat ? { PRESENCE_HEARTBEAT_MS: heartbeat } : {});
  const server = createServer(
    {
      config,
      logger: logger ?? silentLogger,
      // Only the health route reads this handle; the drafts use mongoose's connection (startDraftDb) and their log
      // writer its own (`logUri`).
      db: { kind: 'mongodb', uri: '', isHealthy: async () => true, close: async () => undefined },
      // Several processes: the Socket.IO adapter and the drafts' cross-process relay.
      redis,
    },
    { features: [createDraftsFeature(options)], authenticate: testHandshake },
  );
  const url = await server.listen(port ?? 0, '127.0.0.1');
  const runtime = draftRuntime(server.ctx);
  return {
    url,
    io: server.io as unknown as Server,
    hub: runtime.hub,
    runtime,
    http: server.httpServer,
    close: () => server.close(),
  };
}

export interface DraftTestDb {
  db: TestDatabase;
  stop(): Promise<void>;
}

/** The URI of the database {@link startDraftDb} connected mongoose to (the draft servers' log writers use it). */
let connectedUri: string | undefined;

export async function startDraftDb(): Promise<DraftTestDb> {
  const db = await startTestDatabase();
  await mongoose.connect(db.uri, { serverSelectionTimeoutMS: 5000 });
  connectedUri = db.uri;
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  return {
    db,
    stop: async () => {
      if (connectedUri === db.uri) connectedUri = undefined;
      await mongoose.disconnect();
      await db.stop();
    },
  };
}

/**
 * Registers `beforeAll`/`afterAll` hooks that start a test database with mongoose connected to it
 * ({@link startDraftDb}) for the tests of a file, and stop it after them. `db`: the database (from `beforeAll` on).
 */
export function useDraftDb(): { readonly db: TestDatabase } {
  let started: DraftTestDb | undefined;
  beforeAll(async () => {
    started = await startDraftDb();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return {
    get db() {
      if (!started) throw new Error('the draft test database is started in beforeAll');
      return started.db;
    },
  };
}

export interface TestUser {
  userId: string;
  name: string;
  role: Role | null;
}

/** A workspace with members of the given roles and one draft. */
export async function seedDraft(
  roles: Array<Role | null>,
): Promise<{ workspaceId: string; draftId: string; users: TestUser[] }> {
  const users: TestUser[] = roles.map((role, i) => ({
    userId: new Types.ObjectId().toHexString(),
    name: `${role ?? 'outsider'} ${i + 1}`,
    role,
  }));
  const workspace = await Workspace.create({
    title: 'EU–LAC Competitive Districts — Year 1',
    members: users.flatMap((u) => (u.role ? [{ userId: new Types.ObjectId(u.userId), role: u.role }] : [])),
  });
  const draft = await Draft.create({
    workspaceId: workspace._id,
    blockId: null,
    title: 'Overall conclusions',
  });
  return { workspaceId: workspace._id.toHexString(), draftId: draft._id.toHexString(), users };
}

export function connectClient(url: string, user: { userId: string; name: string }): ClientSocket {
  return connect(url, {
    auth: { userId: user.userId, name: user.name },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
  });
}

export interface TestEditor {
  socket: ClientSocket;
  doc: Y.Doc;
  provider: SocketDraftProvider;
  text(): string;
  close(): void;
}

/** A Yjs client bound to a draft through the real client provider. */
export function openEditor(
  url: string,
  user: { userId: string; name: string },
  draftId: string,
  doc = new Y.Doc(),
): TestEditor {
  const socket = connectClient(url, user);
  const provider = new SocketDraftProvider(socket, draftId, doc);
  return {
    socket,
    doc,
    provider,
    text: () => fragmentText(doc),
    close: () => {
      provider.destroy();
      socket.disconnect();
    },
  };
}

/** Plain text of the TipTap fragment: paragraphs joined by newlines. */
export function fragmentText(doc: Y.Doc): string {
  return doc
    .getXmlFragment('default')
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? elementText(node) : ''))
    .join('\n');
}

function elementText(element: Y.XmlElement): string {
  return element
    .toArray()
    .map((child) =>
      child instanceof Y.XmlText
        ? (child.toDelta() as Array<{ insert: unknown }>)
            .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
            .join('')
        : child instanceof Y.XmlElement
          ? elementText(child)
          : '',
    )
    .join('');
}

/** Inserts text into the first paragraph (creating it), as TipTap would. */
export function typeInto(doc: Y.Doc, text: string, at?: number): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default');
    let paragraph = fragment.get(0) as Y.XmlElement | undefined;
    if (!paragraph) {
      paragraph = new Y.XmlElement('paragraph');
      fragment.insert(0, [paragraph]);
      paragraph.insert(0, [new Y.XmlText()]);
    }
    const yText = paragraph.get(0) as Y.XmlText;
    yText.insert(Math.min(at ?? yText.length, yText.length), text);
  });
}

export { waitFor };

export const synced = async (editor: TestEditor): Promise<void> => {
  await waitFor(() => editor.provider.status === 'synced', 10_000, 'editor synced');
};

/** Emits and resolves with the ack. */
export function request<T = unknown>(socket: ClientSocket, event: string, payload: unknown): Promise<T> {
  return new Promise((resolve) => socket.emit(event, payload, (reply: T) => resolve(reply)));
}

/** The draft's text as stored (snapshot and log, loaded as a process would), e.g. to see what is durable. */
export async function storedDraftText(draftId: string): Promise<string> {
  const { doc } = await loadDraft(new Types.ObjectId(draftId));
  const text = fragmentText(doc);
  doc.destroy();
  return text;
}

/**
 * The real log store behind a gate (pass `store` as the hub's `logStore`): while closed, inserts wait, so appends
 * stay in flight — a slow database. `open()` lets them through.
 */
export function gatedLogStore(): { store: LogStore; close(): void; open(): void } {
  const inner = collectionLogStore();
  let opened: Promise<void> = Promise.resolve();
  let release = () => undefined as void;
  return {
    store: {
      insert: async (documents, at) => {
        await opened;
        return inner.insert(documents, at);
      },
      close: () => inner.close(),
    },
    close: () => {
      opened = new Promise<void>((resolve) => (release = resolve));
    },
    open: () => release(),
  };
}
