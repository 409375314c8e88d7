/**
 * Balance dashboard benchmark (issue 12.3): a workspace with 20,000 posts (a third of them replies, with
 * reactions) over 4 blocks of 5 questions by 60 members of EU and LAC districts, on the embedded engine (child
 * process, journal on) behind the real HTTP server in this process.
 *
 *   npm run bench -- --only balance [--posts 20000] [--queries 60]
 *
 * `GET /api/workspaces/:id/balance` over loopback (session, access rule, every pipeline, roll-up, JSON), rotating
 * the whole workspace, one block and one question: p50/p95 → `RESULT dashboard_p95_ms` (target ≤ 200 ms). Same-run
 * baseline first with per-question reuse off (every request recomputes every question:
 * `RESULT dashboard_baseline_p95_ms`), then reuse on: the cold first request (nothing cached,
 * `RESULT dashboard_cold_ms`) and the steady state (`dashboard_p95_ms`; no writes in between, so every question is
 * reused — a write recomputes only its question). Both runs must give the same figures.
 * Posts go in through the Post model (`insertMany`), which stores each body's `wordCount` as the posts feature does;
 * the dashboard only sums stored numbers (docs/ARCHITECTURE.md, "Balance dashboard"). `--queries 10` gives a quicker
 * (noisier) p95 on a loaded machine; compare against a baseline taken in the same conditions.
 */
import { Types } from 'mongoose';
import { hashPassword } from '../server/src/features/auth/password';
import { Block } from '../server/src/features/blocks/block.model';
import { District } from '../server/src/features/districts/district.model';
import { Post } from '../server/src/features/posts/post.model';
import { Question } from '../server/src/features/questions/question.model';
import { User } from '../server/src/features/users/user.model';
import { Workspace } from '../server/src/features/workspaces/workspace.model';
import { setBalanceCacheEnabled } from '../server/src/features/balance/balance.cache';
import { benchArg, benchLog, BENCH_PASSWORD, round1, signIn, startBenchApp } from './lib/app';
import { percentile } from './lib/stats';
import { printResult, printTable } from './lib/table';

const log = benchLog('balance');
const text = (en: string) => ({ en, es: en });

export async function runBalanceBenchmark(): Promise<void> {
  const postCount = benchArg('posts', 20_000);
  const queries = benchArg('queries', 60);
  const { url, close } = await startBenchApp('balance');
  try {
    const password = BENCH_PASSWORD;
    const moderator = await User.create({
      email: 'bench-mod@example.test',
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
        email: `bench-${i}@example.test`,
        name: `Member ${i}`,
        passwordHash: 'x',
        districtId: districts[i % districts.length]._id,
        locale: (['es', 'en', 'pt', 'fr'] as const)[i % 4],
      })),
    );
    const workspace = await Workspace.create({
      title: 'Balance bench',
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

    const { headers } = await signIn(url, moderator.email);
    const filters = [
      '',
      `?blockId=${blockIds[1].toHexString()}`,
      `?questionId=${questionIds[7].toHexString()}`,
    ];
    let totalPosts = 0;
    const get = async (i: number): Promise<number> => {
      const t0 = performance.now();
      const res = await fetch(
        `${url}/api/workspaces/${workspace._id.toHexString()}/balance${filters[i % 3]}`,
        {
          headers,
        },
      );
      const body = (await res.json()) as { totals: { posts: number } };
      const t1 = performance.now();
      if (res.status !== 200) throw new Error(`balance failed: ${res.status}`);
      if (i % 3 === 0) totalPosts = body.totals.posts;
      return t1 - t0;
    };
    const measure = async (): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < queries + 5; i += 1) {
        const ms = await get(i);
        if (i >= 5) times.push(ms); // the first requests warm up the engine and the JIT
      }
      return times;
    };
    // Same-run baseline: every request recomputes every question (reuse off).
    setBalanceCacheEnabled(false);
    log('baseline: per-question reuse off');
    const baseline = await measure();
    const baselinePosts = totalPosts;
    setBalanceCacheEnabled(true);
    log('per-question reuse on');
    const cold = await get(0); // the whole workspace, nothing cached yet
    const times = await measure();
    if (totalPosts !== baselinePosts) throw new Error(`figures differ: ${totalPosts} vs ${baselinePosts}`);
    process.stdout.write(
      `Balance dashboard: ${postCount} posts (${totalPosts} visible), 4 blocks × 5 questions\n`,
    );
    printTable(
      ['measure', 'p50 ms', 'p95 ms'],
      [
        [
          'GET …/balance, reuse off (same-run baseline)',
          round1(percentile(baseline, 50)),
          round1(percentile(baseline, 95)),
        ],
        ['GET …/balance, reuse on, cold first request (whole)', round1(cold), round1(cold)],
        [
          'GET …/balance, reuse on (whole / block / question)',
          round1(percentile(times, 50)),
          round1(percentile(times, 95)),
        ],
      ],
    );
    printResult('dashboard_baseline_p95_ms', round1(percentile(baseline, 95)));
    printResult('dashboard_cold_ms', round1(cold));
    printResult('dashboard_p95_ms', round1(percentile(times, 95)));
  } finally {
    await close();
  }
}
