/**
 * Publication bundle benchmark (issue 12.4): the balance bench's workspace — 20,000 posts (a third of them
 * replies, 1 in 97 hidden) over 4 blocks of 5 questions by 60 members of EU and LAC districts — plus a closed poll
 * with votes per question, on the embedded engine (child process, journal on) behind the real HTTP server.
 *
 *   npm run bench -- --only publication [--posts 20000]
 *
 * `GET /api/workspaces/:id/bundle.zip` over loopback (session, access, every transcript as HTML and PDF, polls,
 * participation, manifest), timed to the last byte: `RESULT bundle_build_s` (a build: the cache of built bundles
 * empty) and `RESULT bundle_size_mb`. Baseline in the same run: `GET …/balance.csv` (one pass of the dashboard's
 * pipelines over the same posts). The same download again is served from the cache of built bundles (unchanged
 * inputs): `RESULT bundle_cached_s`. The cache is then emptied and the bundle built once more: the three downloads'
 * bytes must be identical (`RESULT bundle_identical 1`), and the headers must say miss, hit, miss.
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { hashPassword } from '../server/src/features/auth/password';
import { Block } from '../server/src/features/blocks/block.model';
import { District } from '../server/src/features/districts/district.model';
import { Poll, PollVote } from '../server/src/features/polls/poll.model';
import { Post } from '../server/src/features/posts/post.model';
import { Question } from '../server/src/features/questions/question.model';
import { User } from '../server/src/features/users/user.model';
import { Workspace } from '../server/src/features/workspaces/workspace.model';
import { bundleCache } from '../server/src/features/publication/bundleCache';
import { benchArg, benchLog, BENCH_PASSWORD, round1, signIn, startBenchApp } from './lib/app';
import { printResult, printTable } from './lib/table';

const log = benchLog('publication');
const text = (en: string) => ({ en, es: en });
const MB = 1024 * 1024;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** GETs `path` and reads it to the last byte: seconds and bytes. */
async function timedDownload(
  url: string,
  headers: Record<string, string>,
): Promise<{ s: number; body: Buffer; cache: string | null }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  const s = (performance.now() - t0) / 1000;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.toString('utf8').slice(0, 200)}`);
  return { s, body, cache: res.headers.get('x-polos-bundle-cache') };
}

export async function runPublicationBenchmark(): Promise<void> {
  const postCount = benchArg('posts', 20_000);
  const { url, close } = await startBenchApp('publication');
  try {
    const password = BENCH_PASSWORD;
    const moderator = await User.create({
      email: 'bench-pub-mod@example.test',
      name: 'Bench Moderator',
      passwordHash: await hashPassword(password),
      districtId: null,
      locale: 'en',
    });
    const districts = await District.insertMany(
      Array.from({ length: 12 }, (_, i) => ({
        name: `District ${i}`,
        country: i % 2 ? 'MX' : 'ES',
        region: 'R',
        regionGroup: i % 2 ? ('LAC' as const) : ('EU' as const),
        sectors: [],
        kind: 'cluster' as const,
        demo: true,
      })),
    );
    const users = await User.insertMany(
      Array.from({ length: 60 }, (_, i) => ({
        email: `bench-pub-${i}@example.test`,
        name: `Member ${i}`,
        passwordHash: 'x',
        districtId: districts[i % districts.length]._id,
        locale: (['es', 'en', 'pt', 'fr'] as const)[i % 4],
      })),
    );
    const workspace = await Workspace.create({
      title: 'Publication bench',
      members: [
        { userId: moderator._id, role: 'moderator' as const, joinedAt: new Date() },
        ...users.map((u) => ({ userId: u._id, role: 'participant' as const, joinedAt: new Date() })),
      ],
    });
    const questionIds: Types.ObjectId[] = [];
    const blockIds: Types.ObjectId[] = [];
    for (let b = 1; b <= 4; b += 1) {
      const block = await Block.create({
        workspaceId: workspace._id,
        order: b,
        title: text(`Block ${b}`),
        description: text('About'),
        kind: 'discussion',
      });
      blockIds.push(block._id);
      for (let q = 1; q <= 5; q += 1)
        questionIds.push(
          (
            await Question.create({
              workspaceId: workspace._id,
              blockId: block._id,
              order: q,
              text: text('Q'),
            })
          )._id,
        );
    }
    log(`inserting ${postCount} posts`);
    const start = Date.parse('2026-03-02T08:00:00Z');
    const tops: Types.ObjectId[][] = questionIds.map(() => []);
    for (let i = 0; i < postCount; i += 1000) {
      const batch = [];
      for (let j = i; j < Math.min(postCount, i + 1000); j += 1) {
        const qi = j % questionIds.length;
        const author = users[(j * 7) % users.length];
        const district = districts[((j * 7) % users.length) % districts.length];
        const reply = j % 3 === 2 && tops[qi].length > 0;
        const _id = new Types.ObjectId();
        if (!reply) tops[qi].push(_id);
        batch.push({
          _id,
          workspaceId: workspace._id,
          questionId: questionIds[qi],
          parentId: reply ? tops[qi][(j * 13) % tops[qi].length] : null,
          authorId: author._id,
          authorName: author.name,
          authorDistrict: {
            id: district._id,
            name: district.name,
            country: district.country,
            regionGroup: district.regionGroup,
          },
          clientId: `b-${j}`,
          body: 'We propose a joint training programme for SMEs in both regions '.repeat(1 + (j % 4)),
          seq: Math.floor(j / questionIds.length) + 1,
          lastSeq: Math.floor(j / questionIds.length) + 1,
          createdAt: new Date(start + j * 20_000),
          hidden: j % 97 === 0,
          reactions: { thumbs_up: j % 5 === 0 ? [users[0]._id, users[1]._id] : [] },
        });
      }
      await Post.insertMany(batch);
    }

    log('inserting polls and votes');
    for (const [qi, questionId] of questionIds.entries()) {
      const poll = await Poll.create({
        workspaceId: workspace._id,
        questionId,
        kind: 'single',
        prompt: `Priority ${qi + 1}?`,
        options: ['Data', 'Skills', 'Finance'],
        visibility: 'live',
        unit: 'person',
        state: 'closed',
        openedBy: moderator._id,
        openedAt: new Date(start + qi * 60_000),
        closedAt: new Date(start + qi * 60_000 + 30_000),
        seq: 900_000 + qi,
        lastSeq: 900_000 + qi,
        voteCount: users.length,
      });
      await PollVote.insertMany(
        users.map((u, i) => ({
          pollId: poll._id,
          voterKey: u._id.toHexString(),
          userId: u._id,
          districtId: districts[i % districts.length]._id,
          regionGroup: districts[i % districts.length].regionGroup,
          choice: [(i + qi) % 3],
          at: new Date(start + qi * 60_000 + i),
        })),
      );
    }

    const { headers } = await signIn(url, moderator.email);
    const base = `${url}/api/workspaces/${workspace._id.toHexString()}`;
    log('baseline: balance.csv');
    const baseline = await timedDownload(`${base}/balance.csv`, headers);
    // A build whatever ran before in this process (the cache lives in the server's process: this one).
    bundleCache.clear();
    log('building the bundle');
    const first = await timedDownload(`${base}/bundle.zip`, headers);
    log('downloading it again (cached)');
    const second = await timedDownload(`${base}/bundle.zip`, headers);
    log('building it again (cache emptied)');
    bundleCache.clear();
    const third = await timedDownload(`${base}/bundle.zip`, headers);
    const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const identical = hash(first.body) === hash(second.body) && hash(first.body) === hash(third.body);
    const caching = [first.cache, second.cache, third.cache].join(',');
    if (caching !== 'miss,hit,miss')
      throw new Error(`bundle cache headers: ${caching}, expected miss,hit,miss`);
    const mb = first.body.length / MB;
    process.stdout.write(`Publication bundle: ${postCount} posts, 4 blocks × 5 questions, 20 polls\n`);
    printTable(
      ['measure', 'seconds', 'MB'],
      [
        ['GET …/balance.csv (baseline)', round2(baseline.s), round2(baseline.body.length / MB)],
        ['GET …/bundle.zip (first build)', round2(first.s), round2(first.body.length / MB)],
        ['GET …/bundle.zip (cached)', round2(second.s), round2(second.body.length / MB)],
        ['GET …/bundle.zip (rebuilt)', round2(third.s), round2(third.body.length / MB)],
      ],
    );
    printResult('bundle_build_s', round1(first.s));
    printResult('bundle_cached_s', round2(second.s));
    printResult('bundle_size_mb', round1(mb));
    printResult('bundle_identical', identical ? 1 : 0);
  } finally {
    await close();
  }
}
