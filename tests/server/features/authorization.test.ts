/**
 * The authorisation table: every socket event and every route × {anonymous, observer, participant,
 * non-member, moderator, admin}. Allowed cells succeed; denied cells are refused and change nothing in
 * the database.
 */
import mongoose, { Types } from 'mongoose';
import { CLIENT_EVENTS, type ClientEventName, type Role } from '@polos/shared';
import { Block } from '../../../server/src/features/blocks/block.model';
import { LiveSession } from '../../../server/src/features/liveSessions/liveSession.model';
import { Post } from '../../../server/src/features/posts/post.model';
import { Question } from '../../../server/src/features/questions/question.model';
import {
  Agent,
  buildWorld,
  connectSocket,
  emitAck,
  newClientId,
  signIn,
  startTestServer,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(180_000);

const PERSONAS = ['anonymous', 'observer', 'participant', 'nonMember', 'moderator', 'admin'] as const;
type Persona = (typeof PERSONAS)[number];
const roleOf: Record<Persona, Role | null> = {
  anonymous: null,
  nonMember: null,
  observer: 'observer',
  participant: 'participant',
  moderator: 'moderator',
  admin: 'admin',
};
const rank: Record<Role, number> = { observer: 1, participant: 2, moderator: 3, admin: 4 };
const allows = (p: Persona, min: Role | 'signedIn' | 'anyone'): boolean => {
  if (min === 'anyone') return true;
  if (min === 'signedIn') return p !== 'anonymous';
  const role = roleOf[p];
  return role !== null && rank[role] >= rank[min];
};

let app: TestServer;
let world: TestWorld;
const sockets = new Map<Persona, TestSocket>();
const agents = new Map<Persona, Agent>();
const emailOf = (p: Exclude<Persona, 'anonymous'>) => world.users[p].email;
const userIdOf = (p: Exclude<Persona, 'anonymous'>) => new Types.ObjectId(world.users[p].id);

beforeAll(async () => {
  app = await startTestServer();
  world = await buildWorld();
  for (const p of PERSONAS) {
    if (p === 'anonymous') continue;
    const agent = await signIn(app.url, emailOf(p));
    agents.set(p, agent);
    sockets.set(p, await connectSocket(app.url, agent.cookie));
  }
});

afterAll(async () => {
  for (const s of sockets.values()) s.close();
  await app?.stop();
});

/** Everything a denied command could have changed. */
async function fingerprint(): Promise<string> {
  const db = mongoose.connection.db!;
  const names = [
    'posts',
    'postchanges',
    'questions',
    'blocks',
    'livesessions',
    'auditentries',
    'workspaces',
    'invites',
    'counters',
    'users',
  ];
  const parts = await Promise.all(
    names.map(async (n) => JSON.stringify(await db.collection(n).find({}).sort({ _id: 1 }).toArray())),
  );
  return parts.join('\n');
}

// — fixtures put the database in the state each command needs —
const block0 = () => world.blockIds[0];
const q = (i: number) => world.questionIds[0][i];

async function ensureSession(running: boolean): Promise<void> {
  const ws = new Types.ObjectId(world.workspaceId);
  await LiveSession.updateMany({ workspaceId: ws, endedAt: null }, { $set: { endedAt: new Date() } });
  if (running) {
    await LiveSession.create({
      workspaceId: ws,
      title: 'fixture',
      startedAt: new Date(),
      startedBy: userIdOf('admin'),
      currentBlockId: new Types.ObjectId(block0()),
      currentQuestionId: new Types.ObjectId(q(0)),
    });
  }
}

async function resetQuestions(): Promise<void> {
  await Block.updateOne({ _id: block0() }, { $set: { state: 'live' } });
  await Question.updateMany(
    { blockId: block0() },
    { $set: { state: 'pending', locked: false, openedAt: null, closedAt: null } },
  );
  await Question.updateOne({ _id: q(0) }, { $set: { state: 'open', openedAt: new Date() } });
}

async function postBy(
  p: Exclude<Persona, 'anonymous'>,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const author = p === 'observer' || p === 'nonMember' ? 'participant' : p;
  const seq = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
  const doc = await Post.create({
    workspaceId: world.workspaceId,
    questionId: q(0),
    authorId: userIdOf(author),
    authorName: author,
    clientId: newClientId(),
    body: 'fixture post',
    seq,
    lastSeq: seq,
    ...extra,
  });
  return doc._id.toHexString();
}

interface EventCase {
  min: Role;
  prepare(p: Exclude<Persona, 'anonymous'>): Promise<unknown>;
}

const baseline = async () => {
  await ensureSession(true);
  await resetQuestions();
};

const eventCases: Record<ClientEventName, EventCase> = {
  'workspace:join': { min: 'observer', prepare: async () => ({ workspaceId: world.workspaceId }) },
  'workspace:leave': { min: 'observer', prepare: async () => ({ workspaceId: world.workspaceId }) },
  'block:join': { min: 'observer', prepare: async () => ({ blockId: block0() }) },
  'block:leave': { min: 'observer', prepare: async () => ({ blockId: block0() }) },
  'question:subscribe': { min: 'observer', prepare: async () => ({ questionId: q(0) }) },
  'question:unsubscribe': { min: 'observer', prepare: async () => ({ questionId: q(0) }) },
  'sync:since': { min: 'observer', prepare: async () => ({ [q(0)]: 0 }) },
  'session:start': {
    min: 'moderator',
    prepare: async () => {
      await ensureSession(false);
      return { workspaceId: world.workspaceId, title: 'Table' };
    },
  },
  'session:end': { min: 'moderator', prepare: async () => ({ workspaceId: world.workspaceId }) },
  'block:open': { min: 'moderator', prepare: async () => ({ blockId: block0() }) },
  'block:close': { min: 'moderator', prepare: async () => ({ blockId: block0() }) },
  'question:open-next': { min: 'moderator', prepare: async () => ({ blockId: block0() }) },
  'question:close': { min: 'moderator', prepare: async () => ({ questionId: q(0) }) },
  'question:reopen': {
    min: 'moderator',
    prepare: async () => {
      await Question.updateOne({ _id: q(1) }, { $set: { state: 'closed', closedAt: new Date() } });
      return { questionId: q(1) };
    },
  },
  'thread:lock': { min: 'moderator', prepare: async () => ({ questionId: q(0) }) },
  'thread:unlock': {
    min: 'moderator',
    prepare: async () => {
      await Question.updateOne({ _id: q(0) }, { $set: { locked: true } });
      return { questionId: q(0) };
    },
  },
  'question:set-window': {
    min: 'moderator',
    prepare: async () => ({
      questionId: q(1),
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    }),
  },
  'question:clear-window': { min: 'moderator', prepare: async () => ({ questionId: q(1) }) },
  'post:hide': { min: 'moderator', prepare: async (p) => ({ postId: await postBy(p), reason: 'off topic' }) },
  'post:unhide': { min: 'moderator', prepare: async (p) => ({ postId: await postBy(p, { hidden: true }) }) },
  'post:spotlight': {
    min: 'moderator',
    prepare: async (p) => ({ questionId: q(0), postId: await postBy(p) }),
  },
  'post:create': {
    min: 'participant',
    prepare: async () => ({ questionId: q(0), clientId: newClientId(), body: 'Table post' }),
  },
  'post:edit': { min: 'participant', prepare: async (p) => ({ postId: await postBy(p), body: 'edited' }) },
  'post:delete': { min: 'participant', prepare: async (p) => ({ postId: await postBy(p) }) },
  'reaction:add': {
    min: 'participant',
    prepare: async (p) => ({ postId: await postBy(p), reaction: 'clap' }),
  },
  'reaction:remove': {
    min: 'participant',
    prepare: async (p) => {
      return { postId: await postBy(p, { reactions: { clap: [userIdOf(p)] } }), reaction: 'clap' };
    },
  },
  'typing:start': { min: 'participant', prepare: async () => ({ questionId: q(0) }) },
  'typing:stop': { min: 'participant', prepare: async () => ({ questionId: q(0) }) },
};

describe('authorisation table — socket events', () => {
  it('refusesAnonymousHandshakes', async () => {
    await expect(connectSocket(app.url, undefined)).rejects.toThrow('unauthenticated');
  });

  const cells = CLIENT_EVENTS.flatMap((event) =>
    PERSONAS.filter((p) => p !== 'anonymous').map(
      (p) => [event, p] as [ClientEventName, Exclude<Persona, 'anonymous'>],
    ),
  );
  it.each(cells)('%s as %s', async (event, persona) => {
    await baseline();
    const payload = await eventCases[event].prepare(persona);
    const before = await fingerprint();
    const ack = await emitAck(sockets.get(persona)!, event, payload);
    if (allows(persona, eventCases[event].min)) {
      expect(ack).toMatchObject({ ok: true });
    } else {
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await fingerprint()).toBe(before);
    }
  });
});

interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH';
  path: () => string;
  body?: () => unknown;
  min: Role | 'signedIn' | 'anyone';
  /** Status when allowed. */
  ok: number;
}

let inviteToken = '';
const routeCases: Record<string, RouteCase> = {
  // Signed out answers 200 `{ user: null }` (see auth.test.ts).
  'GET /api/auth/session': { method: 'GET', path: () => '/api/auth/session', min: 'anyone', ok: 200 },
  'GET /api/users/me': { method: 'GET', path: () => '/api/users/me', min: 'signedIn', ok: 200 },
  'PATCH /api/users/me': {
    method: 'PATCH',
    path: () => '/api/users/me',
    body: () => ({ locale: 'es' }),
    min: 'signedIn',
    ok: 200,
  },
  'GET /api/districts': { method: 'GET', path: () => '/api/districts', min: 'signedIn', ok: 200 },
  'GET /api/workspaces': { method: 'GET', path: () => '/api/workspaces', min: 'signedIn', ok: 200 },
  'GET /api/workspaces/:id': {
    method: 'GET',
    path: () => `/api/workspaces/${world.workspaceId}`,
    min: 'observer',
    ok: 200,
  },
  'GET /api/workspaces/:id/members': {
    method: 'GET',
    path: () => `/api/workspaces/${world.workspaceId}/members`,
    min: 'observer',
    ok: 200,
  },
  'PATCH /api/workspaces/:id/members/:userId': {
    method: 'PATCH',
    path: () => `/api/workspaces/${world.workspaceId}/members/${world.users.participant2.id}`,
    body: () => ({ role: 'participant' }),
    min: 'admin',
    ok: 200,
  },
  'POST /api/workspaces/:id/invites': {
    method: 'POST',
    path: () => `/api/workspaces/${world.workspaceId}/invites`,
    body: () => ({ role: 'observer' }),
    min: 'admin',
    ok: 201,
  },
  'GET /api/questions/:id/posts': {
    method: 'GET',
    path: () => `/api/questions/${q(0)}/posts`,
    min: 'observer',
    ok: 200,
  },
  'GET /api/workspaces/:id/audit': {
    method: 'GET',
    path: () => `/api/workspaces/${world.workspaceId}/audit`,
    min: 'moderator',
    ok: 200,
  },
  'GET /api/invites/:token': {
    method: 'GET',
    path: () => `/api/invites/${inviteToken}`,
    min: 'anyone',
    ok: 200,
  },
  'POST /api/auth/logout': { method: 'POST', path: () => '/api/auth/logout', min: 'signedIn', ok: 204 },
  'POST /api/auth/logout-all': {
    method: 'POST',
    path: () => '/api/auth/logout-all',
    min: 'signedIn',
    ok: 204,
  },
};

describe('authorisation table — routes', () => {
  beforeAll(async () => {
    const res = await agents
      .get('admin')!
      .request<{ token: string }>('POST', `/api/workspaces/${world.workspaceId}/invites`, {
        role: 'observer',
        maxUses: 100,
      });
    inviteToken = res.body.token;
  });

  const cells = Object.keys(routeCases).flatMap((name) =>
    PERSONAS.map((p) => [name, p] as [string, Persona]),
  );
  it.each(cells)('%s as %s', async (name, persona) => {
    const route = routeCases[name];
    const agent = persona === 'anonymous' ? new Agent(app.url) : await signIn(app.url, emailOf(persona));
    const before = await fingerprint();
    const res = await agent.request(route.method, route.path(), route.body?.());
    if (allows(persona, route.min)) {
      expect(res.status).toBe(route.ok);
    } else {
      expect(res.status).toBe(persona === 'anonymous' ? 401 : 403);
      expect(await fingerprint()).toBe(before);
    }
  });

  it('POST /api/invites/:token/accept as anonymous and signed-in users', async () => {
    const anon = await new Agent(app.url).request('POST', `/api/invites/${inviteToken}/accept`, {
      name: 'Table newcomer',
      email: 'table-newcomer@example.test',
      password: 'long enough password',
    });
    expect(anon.status).toBe(201);
    const incomplete = await new Agent(app.url).request('POST', `/api/invites/${inviteToken}/accept`, {});
    expect(incomplete.status).toBe(400);
    const nonMember = await signIn(app.url, emailOf('nonMember'));
    const joined = await nonMember.request<{ workspaces: { role: string }[] }>(
      'POST',
      `/api/invites/${inviteToken}/accept`,
      {},
    );
    expect(joined.status).toBe(201);
    expect(joined.body.workspaces[0]?.role).toBe('observer');
  });
});
