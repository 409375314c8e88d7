/**
 * The cache of built publication bundles (issue 12.4, `bundleCache.ts`), through the real HTTP server and real
 * sockets: an unchanged workspace is served from the cache with the same bytes (`X-Polos-Bundle-Cache: hit`), a new
 * post (the real `post:create` command) or a changed workspace title gives a new build that holds it; the public
 * year page's download shares the cache. The cache's bounds (entries, bytes, too large an entry) on its own.
 */
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { SESSION_COOKIE } from '@polos/shared';
import { Workspace } from '../../../../server/src/features/workspaces/workspace.model';
import { BundleCache, bundleCache } from '../../../../server/src/features/publication/bundleCache';
import {
  buildWorld,
  command,
  joinedSockets,
  newClientId,
  openFirstQuestion,
  signIn,
  startTestServer,
  type Agent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../../helpers/server';

jest.setTimeout(120_000);

let app: TestServer;
let world: TestWorld;
let moderator: Agent;
let sockets: TestSocket[];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** GET as bytes with the cache header (the agent's cookie, or none when signed out). */
async function download(
  url: string,
  agent?: Agent,
): Promise<{ status: number; body: Buffer; cache: string | null }> {
  const res = await fetch(`${app.url}${url}`, {
    headers: agent?.cookie ? { cookie: `${SESSION_COOKIE}=${agent.cookie}` } : {},
  });
  return {
    status: res.status,
    body: Buffer.from(await res.arrayBuffer()),
    cache: res.headers.get('x-polos-bundle-cache'),
  };
}

/** Every text file of a bundle, joined. */
const allText = (zip: Buffer) =>
  Object.entries(unzipSync(zip))
    .filter(([path]) => /\.(html|csv|md|json)$/.test(path))
    .map(([, bytes]) => strFromU8(bytes))
    .join('\n');

const bundlePath = () => `/api/workspaces/${world.workspaceId}/bundle.zip`;

beforeAll(async () => {
  app = await startTestServer({ LOG_LEVEL: 'error' });
  world = await buildWorld();
  moderator = await signIn(app.url, world.users.moderator.email);
  sockets = await joinedSockets(app.url, world, ['moderator', 'participant']);
  await openFirstQuestion(sockets[0], world);
  await command(sockets[1], 'post:create', {
    questionId: world.questionIds[0][0],
    clientId: newClientId(),
    body: 'FIRSTPOST shared data for both regions',
  });
  bundleCache.clear();
});

afterAll(async () => {
  for (const socket of sockets ?? []) socket.close();
  await app?.stop();
});

describe('cache of built bundles', () => {
  it('servesAnUnchangedWorkspaceFromTheCacheAndRebuildsAfterANewPost', async () => {
    const first = await download(bundlePath(), moderator);
    expect(first.status).toBe(200);
    expect(first.cache).toBe('miss');
    expect(allText(first.body)).toContain('FIRSTPOST');

    const second = await download(bundlePath(), moderator);
    expect(second.status).toBe(200);
    expect(second.cache).toBe('hit');
    expect(sha256(second.body)).toBe(sha256(first.body));

    // A new post through the real command: the question's seq moves, so the fingerprint does.
    await command(sockets[1], 'post:create', {
      questionId: world.questionIds[0][0],
      clientId: newClientId(),
      body: 'SECONDPOST arrives after the first download',
    });
    const third = await download(bundlePath(), moderator);
    expect(third.cache).toBe('miss');
    expect(sha256(third.body)).not.toBe(sha256(first.body));
    expect(allText(third.body)).toContain('SECONDPOST');

    const fourth = await download(bundlePath(), moderator);
    expect(fourth.cache).toBe('hit');
    expect(sha256(fourth.body)).toBe(sha256(third.body));

    // The cached bytes are the bytes a fresh build gives (determinism kept by the cache).
    bundleCache.clear();
    const rebuilt = await download(bundlePath(), moderator);
    expect(rebuilt.cache).toBe('miss');
    expect(sha256(rebuilt.body)).toBe(sha256(third.body));
  });

  it('rebuildsWhenTheWorkspaceChangesAndSharesTheCacheWithThePublicPage', async () => {
    const before = await download(bundlePath(), moderator);
    await Workspace.updateOne(
      { _id: world.workspaceId },
      { $set: { title: 'RENAMEDYEAR of the group' } },
    ).exec();
    const after = await download(bundlePath(), moderator);
    expect(after.cache).toBe('miss');
    expect(sha256(after.body)).not.toBe(sha256(before.body));
    expect(strFromU8(unzipSync(after.body)['index.html'])).toContain('RENAMEDYEAR');

    // Another language is another entry; the public download of the same inputs is the moderator's bytes.
    const spanish = await download(`${bundlePath()}?lang=es`, moderator);
    expect(spanish.cache).toBe('miss');
    await Workspace.updateOne({ _id: world.workspaceId }, { $set: { publicPage: true } }).exec();
    const signedOut = await download(`/api/public/workspaces/${world.workspaceId}/bundle.zip`);
    expect(signedOut.status).toBe(200);
    expect(signedOut.cache).toBe('hit');
    expect(sha256(signedOut.body)).toBe(sha256(after.body));
  });
});

describe('BundleCache bounds', () => {
  const bytes = (n: number, fill = 1) => Buffer.alloc(n, fill);

  it('dropsStaleFingerprintsTheLeastRecentlyUsedAndTooLargeEntries', () => {
    const cache = new BundleCache({ maxEntries: 2, maxBytes: 100, maxEntryBytes: 60 });
    cache.set('a:en', 'f1', bytes(40));
    expect(cache.get('a:en', 'f1')?.length).toBe(40);
    // Another fingerprint: the inputs changed, the old bytes go.
    expect(cache.get('a:en', 'f2')).toBeNull();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });

    cache.set('a:en', 'f2', bytes(40));
    cache.set('b:en', 'f1', bytes(40));
    cache.get('a:en', 'f2'); // a is now the most recently used
    cache.set('c:en', 'f1', bytes(10)); // three entries > 2: b (least recently used) goes
    expect(cache.get('b:en', 'f1')).toBeNull();
    expect(cache.get('a:en', 'f2')).not.toBeNull();
    expect(cache.size).toEqual({ entries: 2, bytes: 50 });

    cache.set('d:en', 'f1', bytes(55)); // 105 bytes > 100: c then… until within bounds
    expect(cache.size.bytes).toBeLessThanOrEqual(100);
    expect(cache.get('d:en', 'f1')?.length).toBe(55);

    cache.set('e:en', 'f1', bytes(61)); // larger than one entry may be: not kept
    expect(cache.get('e:en', 'f1')).toBeNull();
    // A newer build of a key replaces its older bytes.
    cache.set('d:en', 'f2', bytes(20, 2));
    expect(cache.get('d:en', 'f1')).toBeNull();
    cache.set('d:en', 'f2', bytes(20, 2));
    expect(cache.get('d:en', 'f2')?.[0]).toBe(2);
  });
});
