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
import { setBalanceCacheEnabled } from '../server/src/features/balance/balance.cache';
import { benchArg, benchLog, round1, signIn, startBenchApp } from './lib/app';
import { seedDiscussionWorkspace } from './lib/discussionWorkspace';
import { percentile } from './lib/stats';
import { printResult, printTable } from './lib/table';

const log = benchLog('balance');

export async function runBalanceBenchmark(): Promise<void> {
  const postCount = benchArg('posts', 20_000);
  const queries = benchArg('queries', 60);
  const { url, close } = await startBenchApp('balance');
  try {
    const { moderator, workspace, questionIds, blockIds } = await seedDiscussionWorkspace({
      prefix: 'bench',
      title: 'Balance bench',
      postCount,
      log,
    });

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
