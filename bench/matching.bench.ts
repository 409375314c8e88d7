/**
 * Partner-suggestion benchmark (issue 11): 5,000 profiles (varied from the demo profiles, offers and requests
 * included) in one workspace on the embedded engine (child process, journal on).
 *
 *   npm run bench -- --only matching [--profiles 5000] [--queries 200]
 *
 * Server time of suggestions for one district (`suggestionsFor`: the workspace's prepared profiles from the
 * process's profile index, candidate-pruned top-k ranking, reasons for the returned, interest states), over
 * `queries` different districts, scope `all`. Target: p95 ≤ 50 ms → `RESULT match_suggest_p95_ms`. The first
 * call, which reads and prepares (tokenises and stems) the 5,000 profiles, is reported separately
 * (`match_prepare_cold_ms`); after it, profile facts refresh single profiles.
 *
 * Same-run baseline (the machine may be loaded): the full scan that scores and explains every pair
 * (`rankSuggestions`) against the index ranking (`rankIndexed`) over the same prepared profiles, checked equal
 * → `RESULT match_full_scan_p95_ms`, `RESULT match_indexed_rank_p95_ms`.
 */
import { District } from '../server/src/features/districts/district.model';
import {
  invalidateProfiles,
  matchProfileOf,
  rankIndexed,
  rankSuggestions,
  suggestionsFor,
} from '../server/src/features/matching/matching.service';
import { ProfileIndex } from '../server/src/features/matching/profileIndex';
import { Workspace } from '../server/src/features/workspaces/workspace.model';
import { benchArg, benchLog, openBenchDb, round1, seedVariedProfiles } from './lib/app';
import { percentile } from './lib/stats';
import { printResult, printTable } from './lib/table';

const log = benchLog('matching');

export async function runMatchingBenchmark(): Promise<void> {
  const count = benchArg('profiles', 5000);
  const queries = benchArg('queries', 200);
  const { close } = await openBenchDb('matching');
  try {
    const workspace = await Workspace.create({ title: 'Matching bench', members: [] });
    const workspaceId = workspace._id;
    log(`inserting ${count} profiles`);
    await seedVariedProfiles(workspaceId, count, 'm');
    const ids = (await District.find({ workspaceIds: workspaceId }, { _id: 1 }).lean().exec()).map(
      (d) => d._id,
    );
    const load = (id: (typeof ids)[number]) =>
      District.findById(id, {
        name: 1,
        country: 1,
        region: 1,
        regionGroup: 1,
        kind: 1,
        sectors: 1,
        members: 1,
        offers: 1,
        requests: 1,
      })
        .lean()
        .exec();

    invalidateProfiles();
    const first = await load(ids[0]);
    const c0 = performance.now();
    await suggestionsFor(workspaceId, first!, { scope: 'all', limit: 20 });
    const cold = performance.now() - c0;

    const times: number[] = [];
    let withItems = 0;
    for (let i = 0; i < queries; i += 1) {
      const d = await load(ids[(i * 97) % ids.length]);
      const t0 = performance.now();
      const result = await suggestionsFor(workspaceId, d!, { scope: 'all', limit: 20 });
      times.push(performance.now() - t0);
      if (result.items.length > 0) withItems += 1;
    }
    const p50 = round1(percentile(times, 50));
    const p95 = round1(percentile(times, 95));

    // Same-run baseline: the full scan that scores all profiles with reasons (`rankSuggestions`, the definition
    // the index ranking equals) against the index ranking, both in memory over the same prepared profiles.
    const docs = await District.find({ workspaceIds: workspaceId }, { contactPerson: 0 }).lean().exec();
    const profiles = docs.map((d) => matchProfileOf(d, false));
    const index = new ProfileIndex(profiles);
    const full: number[] = [];
    const indexed: number[] = [];
    for (let i = 0; i < Math.min(queries, 100); i += 1) {
      const self = profiles[(i * 97) % profiles.length];
      const options = { scope: 'all' as const, limit: 20 };
      const t0 = performance.now();
      const a = rankSuggestions(self, profiles, options);
      const t1 = performance.now();
      const b = rankIndexed(self, index, options);
      const t2 = performance.now();
      full.push(t1 - t0);
      indexed.push(t2 - t1);
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`index ranking differs for ${self.id}`);
    }
    printTable(
      ['profiles', 'queries', 'with suggestions', 'cold prepare ms', 'p50 ms', 'p95 ms'],
      [[count, queries, withItems, round1(cold), p50, p95]],
    );
    printTable(
      ['ranking in memory (same run)', 'n', 'p50 ms', 'p95 ms'],
      [
        [
          'full scan, every pair explained',
          full.length,
          round1(percentile(full, 50)),
          round1(percentile(full, 95)),
        ],
        [
          'profile index, top-k',
          indexed.length,
          round1(percentile(indexed, 50)),
          round1(percentile(indexed, 95)),
        ],
      ],
    );
    printResult('match_suggest_p95_ms', p95);
    printResult('match_full_scan_p95_ms', round1(percentile(full, 95)));
    printResult('match_indexed_rank_p95_ms', round1(percentile(indexed, 95)));
    printResult('match_prepare_cold_ms', round1(cold));
  } finally {
    await close();
  }
}
