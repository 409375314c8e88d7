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
import { Poll, PollVote } from '../server/src/features/polls/poll.model';
import { bundleCache } from '../server/src/features/publication/bundleCache';
import { benchArg, benchLog, round1, signIn, startBenchApp } from './lib/app';
import { seedDiscussionWorkspace } from './lib/discussionWorkspace';
import { printResult, printTable } from './lib/table';

const log = benchLog('publication');
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
    const { moderator, districts, users, workspace, questionIds, start } = await seedDiscussionWorkspace({
      prefix: 'bench-pub',
      title: 'Publication bench',
      postCount,
      log,
    });

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
