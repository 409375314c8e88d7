/**
 * Test harness for the real server: `createServer` on port 0 against a fresh test database
 * (embedded engine, or MONGODB_URI), an HTTP agent with cookie + CSRF handling, typed
 * socket.io-client sockets, `waitFor`, and factories for users and workspaces.
 */
import { io as ioClient, type Socket } from 'socket.io-client';
import { Types } from 'mongoose';
import type {
  Ack,
  ClientToServerEvents,
  LocalizedText,
  Role,
  ServerToClientEvents,
  SessionDto,
} from '@polos/shared';
import { CSRF_HEADER, SESSION_COOKIE } from '@polos/shared';
import { loadConfig, type Config } from '../../server/src/config/config';
import { connectDatabase, type Database } from '../../server/src/db/connection';
import { createLogger } from '../../server/src/lib/logger';
import { createServer, type PolosServer } from '../../server/src/server';
import { hashPassword } from '../../server/src/features/auth/password';
import { User } from '../../server/src/features/users/user.model';
import { Workspace } from '../../server/src/features/workspaces/workspace.model';
import { Block } from '../../server/src/features/blocks/block.model';
import { Question } from '../../server/src/features/questions/question.model';
import { District } from '../../server/src/features/districts/district.model';
import { startTestDatabase, type TestDatabase } from './db';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  config: Config;
  database: Database;
  testDb: TestDatabase;
  server: PolosServer;
  /** Closes the HTTP/Socket.IO server and builds a new one on the same database (new port). */
  restart(): Promise<void>;
  /** Closes server, database connection and test database. */
  stop(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
    ...overrides,
  });
}

/**
 * The real server in this process on a fresh test database, listening on 127.0.0.1 port 0.
 * `options.clientDistDir` serves the built client (browser tests); `options.beforeListen` may adjust the server
 * (e.g. Socket.IO's heartbeat) before it accepts connections, on every (re)start.
 */
export async function startTestServer(
  overrides: Record<string, string> = {},
  options: { clientDistDir?: string; beforeListen?: (server: PolosServer) => void } = {},
): Promise<TestServer> {
  const config = testConfig(overrides);
  const logger = createLogger(config.logLevel);
  const testDb = await startTestDatabase();
  const database = await connectDatabase(testDb.uri, testDb.kind, logger);
  const state = {} as { server: PolosServer; url: string };
  const boot = async () => {
    state.server = createServer({ config, logger, db: database, clientDistDir: options.clientDistDir });
    options.beforeListen?.(state.server);
    state.url = await state.server.listen(0, '127.0.0.1');
  };
  await boot();
  const handle: TestServer = {
    get url() {
      return state.url;
    },
    get server() {
      return state.server;
    },
    config,
    database,
    testDb,
    async restart() {
      await state.server.close();
      await boot();
    },
    async stop() {
      await state.server.close();
      await database.close();
      await testDb.stop();
    },
  };
  return handle;
}

// — HTTP —

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like HTTP client: keeps the session cookie and sends the CSRF token. */
export class Agent {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (this.cookie) h.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.csrfToken && !(CSRF_HEADER in headers)) h[CSRF_HEADER] = this.csrfToken;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const match = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(setCookie);
      if (match) this.cookie = match[1] || undefined;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  async login(email: string, password: string): Promise<SessionDto> {
    const res = await this.request<SessionDto>('POST', '/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrfToken = res.body.csrfToken;
    return res.body;
  }
}

// — Sockets —

/** Connects a typed socket with the agent's session cookie; resolves once connected. */
export function connectSocket(
  url: string,
  cookie: string | undefined,
  options: { origin?: string; reconnection?: boolean } = {},
): Promise<TestSocket> {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = `${SESSION_COOKIE}=${cookie}`;
  if (options.origin) headers.origin = options.origin;
  const socket: TestSocket = ioClient(url, {
    transports: ['websocket'],
    extraHeaders: headers,
    reconnection: options.reconnection ?? false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Emits a command and resolves with its ack (rejects after `timeoutMs`). */
export function emitAck<T = unknown>(
  socket: TestSocket | Socket,
  event: string,
  payload: unknown,
  timeoutMs = 5000,
): Promise<Ack<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ack for ${event} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    (socket as Socket).emit(event, payload, (ack: Ack<T>) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

/** Like `emitAck` but throws unless the ack is ok; returns its data. */
export async function command<T = unknown>(
  socket: TestSocket | Socket,
  event: string,
  payload: unknown,
): Promise<T> {
  const ack = await emitAck<T>(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Resolves with the first `event` payload matching `predicate`. */
export function waitForEvent<T = unknown>(
  socket: TestSocket | Socket,
  event: string,
  predicate: (payload: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const s = socket as Socket;
    const listener = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      s.off(event, listener);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      s.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    s.on(event, listener);
  });
}

/** Collects every payload of `event` into the returned array. */
export function collect<T = unknown>(socket: TestSocket | Socket, event: string): T[] {
  const seen: T[] = [];
  (socket as Socket).on(event, (payload: T) => seen.push(payload));
  return seen;
}

export { waitFor } from './wait';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// — Factories —

export const TEST_PASSWORD = 'correct horse battery';

let userCounter = 0;
let passwordHashCache: Promise<string> | undefined;

/** Creates a user directly in the database (password TEST_PASSWORD unless given). */
export async function buildUser(
  overrides: { email?: string; name?: string; password?: string; districtId?: Types.ObjectId } = {},
) {
  userCounter += 1;
  const passwordHash = overrides.password
    ? await hashPassword(overrides.password)
    : await (passwordHashCache ??= hashPassword(TEST_PASSWORD));
  const doc = await User.create({
    email: overrides.email ?? `user${userCounter}-${Date.now().toString(36)}@example.test`,
    name: overrides.name ?? `Test User ${userCounter}`,
    passwordHash,
    districtId: overrides.districtId ?? null,
    locale: 'en',
  });
  return doc.toObject();
}

export async function buildDistrict(
  overrides: Partial<{ name: string; country: string; regionGroup: 'EU' | 'LAC' }> = {},
) {
  const doc = await District.create({
    name: overrides.name ?? 'Clúster Demo de Prueba',
    country: overrides.country ?? 'MX',
    region: 'Nuevo León',
    regionGroup: overrides.regionGroup ?? 'LAC',
    sectors: ['automotive'],
    kind: 'cluster',
    demo: true,
  });
  return doc.toObject();
}

const text = (en: string): LocalizedText => ({ en, es: `${en} (es)` });

export const PERSONAS = ['admin', 'moderator', 'participant', 'observer', 'nonMember'] as const;
export type Persona = (typeof PERSONAS)[number];

export interface TestWorld {
  workspaceId: string;
  blockIds: string[];
  /** questionIds[blockIndex][questionIndex] */
  questionIds: string[][];
  users: Record<Persona | 'participant2', { id: string; email: string; name: string }>;
}

/**
 * A workspace with two blocks of three questions and one member per role (plus a second participant
 * and a signed-up non-member).
 */
export async function buildWorld(): Promise<TestWorld> {
  const district = await buildDistrict();
  const personas = [...PERSONAS, 'participant2'] as const;
  const users = {} as TestWorld['users'];
  for (const p of personas) {
    const u = await buildUser({
      name: `${p} person`,
      districtId: p.startsWith('participant') ? district._id : undefined,
    });
    users[p] = { id: u._id.toHexString(), email: u.email, name: u.name };
  }
  const roles: Record<string, Role> = {
    admin: 'admin',
    moderator: 'moderator',
    participant: 'participant',
    participant2: 'participant',
    observer: 'observer',
  };
  const ws = await Workspace.create({
    title: 'Test workspace',
    description: 'for tests',
    members: Object.entries(roles).map(([p, role]) => ({
      userId: new Types.ObjectId(users[p as Persona].id),
      role,
      joinedAt: new Date(),
    })),
  });
  const blockIds: string[] = [];
  const questionIds: string[][] = [];
  for (const order of [1, 2]) {
    const block = await Block.create({
      workspaceId: ws._id,
      order,
      title: text(`Block ${order}`),
      description: text(`About block ${order}`),
      kind: 'discussion',
      state: 'upcoming',
    });
    blockIds.push(block._id.toHexString());
    const qs: string[] = [];
    for (const qOrder of [1, 2, 3]) {
      const q = await Question.create({
        workspaceId: ws._id,
        blockId: block._id,
        order: qOrder,
        text: text(`Question ${order}.${qOrder}`),
      });
      qs.push(q._id.toHexString());
    }
    questionIds.push(qs);
  }
  return { workspaceId: ws._id.toHexString(), blockIds, questionIds, users };
}

/** A test server and its {@link buildWorld} world, shared by the tests of a file (or `describe`). */
export interface WorldServerFixture {
  /** The server (from the fixture's `beforeAll` on). */
  readonly app: TestServer;
  /** The world built in its database (from the fixture's `beforeAll` on). */
  readonly world: TestWorld;
}

/**
 * Registers the usual set-up of a server test: `beforeAll` starts a test server (`startTestServer(overrides)`) and
 * builds a world in its database, `afterAll` stops it. Call it at the top of the file or `describe`, before hooks
 * that use the server (they then run after it). Reading `app` or `world` before `beforeAll` has run throws.
 */
export function useTestWorld(overrides: Record<string, string> = {}): WorldServerFixture {
  let app: TestServer | undefined;
  let world: TestWorld | undefined;
  beforeAll(async () => {
    app = await startTestServer(overrides);
    world = await buildWorld();
  });
  afterAll(async () => {
    await app?.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`${what} is not started (use the fixture from beforeAll or a test)`);
    return value;
  };
  return {
    get app() {
      return started(app, 'the test server');
    },
    get world() {
      return started(world, 'the test world');
    },
  };
}

/** Signs a persona in and returns its agent (cookie + CSRF). */
export async function signIn(url: string, email: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = new Agent(url);
  await agent.login(email, password);
  return agent;
}

/** A signed-in socket for a persona. */
export async function personaSocket(
  url: string,
  email: string,
): Promise<{ agent: Agent; socket: TestSocket }> {
  const agent = await signIn(url, email);
  const socket = await connectSocket(url, agent.cookie);
  return { agent, socket };
}

/**
 * One signed-in socket per persona of `world` (in the order given), each joined to the world's workspace
 * after all are connected.
 */
export async function joinedSockets(
  url: string,
  world: TestWorld,
  personas: Array<keyof TestWorld['users']>,
): Promise<TestSocket[]> {
  const sockets: TestSocket[] = [];
  for (const persona of personas) sockets.push((await personaSocket(url, world.users[persona].email)).socket);
  for (const socket of sockets) await command(socket, 'workspace:join', { workspaceId: world.workspaceId });
  return sockets;
}

let clientIdCounter = 0;
export const newClientId = (): string =>
  `cid-${Date.now().toString(36)}-${(clientIdCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Starts the session, opens block 0 and its first question (as the moderator socket). */
export async function openFirstQuestion(moderator: TestSocket, world: TestWorld): Promise<void> {
  await command(moderator, 'session:start', { workspaceId: world.workspaceId, title: 'Test session' });
  await command(moderator, 'block:open', { blockId: world.blockIds[0] });
  await command(moderator, 'question:open-next', { blockId: world.blockIds[0] });
}
