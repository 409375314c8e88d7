/**
 * District directory benchmark (issue 10): 5,000 profiles in one workspace, on the embedded engine (child
 * process, journal on) behind the real HTTP server in this process.
 *
 *   npm run bench -- --only directory [--profiles 5000] [--queries 300] [--no-import]
 *   ENGINE_CPU_PROF=<dir> npm run bench -- --only directory   (the engine child writes a .cpuprofile there)
 *
 * - Directory query: `GET /api/workspaces/:id/districts?sector=…&regionGroup=…&q=…` (a NACE division, a region
 *   group and a text term, rotating over the 76 demo profiles' combinations; first page of 50, name order),
 *   measured once the engine is idle after the seeding (its journal compaction done),
 *   p50/p95 of the request over loopback (the server's whole handling: session, access check, query, count,
 *   presenting; the client's fetch and JSON parse in this process), then, in a second loop, of the query alone
 *   (`queryDirectory` + cards). Each loop also reports CPU milliseconds per query of this process (the HTTP
 *   loop's includes the client side) and of the engine child (`/proc/<pid>/stat`, Linux), which vary far less
 *   than wall times on a loaded machine. Target: HTTP p95 ≤ 30 ms → `RESULT directory_query_p95_ms`.
 * - CSV import of 5,000 new rows (`POST …/districts/import?dryRun=false`): rows/s → `RESULT csv_import_rows_per_s`,
 *   and the dry run of the same file → `RESULT csv_dry_run_rows_per_s`.
 */
import { CSRF_HEADER, directoryQuerySchema, regionGroupOf } from '@polos/shared';
import { DEMO_DISTRICT_PROFILES } from '../server/src/demo/demoDistricts';
import { hashPassword } from '../server/src/features/auth/password';
import { queryDirectory } from '../server/src/features/districts/directory.service';
import { presentDirectoryCard } from '../server/src/features/districts/districts.presenter';
import { profilesToCsv } from '../server/src/features/districts/profileCsv';
import { User } from '../server/src/features/users/user.model';
import { Workspace } from '../server/src/features/workspaces/workspace.model';
import {
  benchArg,
  benchLog,
  BENCH_PASSWORD,
  round1,
  seedVariedProfiles,
  signIn,
  startBenchApp,
  variedProfiles,
} from './lib/app';
import { childPid, cpuPerOperation, waitUntilIdle } from './lib/cpu';
import { percentile } from './lib/stats';
import { printResult, printTable, type Cell } from './lib/table';

const log = benchLog('directory');

export async function runDirectoryBenchmark(): Promise<void> {
  const count = benchArg('profiles', 5000);
  const queries = benchArg('queries', 300);
  const { url, close } = await startBenchApp('directory');
  try {
    const password = BENCH_PASSWORD;
    const admin = await User.create({
      email: 'bench-admin@example.test',
      name: 'Bench Admin',
      passwordHash: await hashPassword(password),
      districtId: null,
      locale: 'en',
    });
    const workspace = await Workspace.create({
      title: 'Directory bench',
      members: [{ userId: admin._id, role: 'admin', joinedAt: new Date() }],
    });
    const workspaceId = workspace._id;
    log(`inserting ${count} profiles`);
    await seedVariedProfiles(workspaceId, count, 'b');

    const { headers, csrfToken } = await signIn(url, admin.email);

    // Sector + region group + text term, rotating over combinations that match something.
    const combos = DEMO_DISTRICT_PROFILES.map((p) => ({
      sector: p.sectors[0],
      regionGroup: regionGroupOf(p.country),
      q: p.specialisation!.split(/\s+/).find((w) => w.length > 5) ?? p.name.split(' ')[0],
    }));
    const queryOf = (i: number): string => {
      const c = combos[i % combos.length];
      return `sector=${c.sector}&regionGroup=${c.regionGroup}&q=${encodeURIComponent(c.q)}&limit=50`;
    };
    // The engine child runs its bundle (or the CLI source through tsx when the bundle cannot be built).
    const engine = childPid('engine/cli.mjs') ?? childPid('embedded/cli.ts');
    // The bulk insert above makes the engine compact its journal (a snapshot of every document): measure the
    // queries once that is done, not the compaction.
    log(`engine idle after ${Math.round(await waitUntilIdle(engine))} ms`);
    const warmUp = 20;
    const http: number[] = [];
    let matched = 0;
    const httpCpu = await cpuPerOperation(engine, queries + warmUp, async () => {
      for (let i = 0; i < queries + warmUp; i += 1) {
        const t0 = performance.now();
        const res = await fetch(
          `${url}/api/workspaces/${workspaceId.toHexString()}/districts?${queryOf(i)}`,
          { headers },
        );
        const body = (await res.json()) as { total: number };
        const t1 = performance.now();
        if (res.status !== 200) throw new Error(`directory query failed: ${res.status}`);
        if (i < warmUp) continue;
        http.push(t1 - t0);
        if (body.total > 0) matched += 1;
      }
    });
    const direct: number[] = [];
    const directCpu = await cpuPerOperation(engine, queries + warmUp, async () => {
      for (let i = 0; i < queries + warmUp; i += 1) {
        const parsed = directoryQuerySchema.parse(Object.fromEntries(new URLSearchParams(queryOf(i))));
        const t0 = performance.now();
        const page = await queryDirectory(workspaceId, parsed);
        page.docs.map(presentDirectoryCard);
        const t1 = performance.now();
        if (i >= warmUp) direct.push(t1 - t0);
      }
    });
    const cpuCell = (ms: number | null): Cell => (ms === null ? '–' : round1(ms));

    if (!process.argv.includes('--no-import')) log(`importing ${count} CSV rows`);
    const csv = profilesToCsv(
      variedProfiles(count, 'i').map((p) => ({ ...p, regionGroup: regionGroupOf(p.country) })),
    );
    const importCsv = async (dryRun: boolean) => {
      const t0 = performance.now();
      const res = await fetch(
        `${url}/api/workspaces/${workspaceId.toHexString()}/districts/import?dryRun=${dryRun}`,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'text/csv', [CSRF_HEADER]: csrfToken },
          body: csv,
        },
      );
      const report = (await res.json()) as { created: number; rejected: unknown[] };
      const seconds = (performance.now() - t0) / 1000;
      if (res.status !== 200 || report.created !== count || report.rejected.length > 0)
        throw new Error(`import failed: ${res.status} ${JSON.stringify(report).slice(0, 300)}`);
      return count / seconds;
    };
    const skipImport = process.argv.includes('--no-import');
    const dryRate = skipImport ? Number.NaN : await importCsv(true);
    const importRate = skipImport ? Number.NaN : await importCsv(false);

    const rows: Cell[][] = [
      [
        'directory query, HTTP (server)',
        http.length,
        round1(percentile(http, 50)),
        round1(percentile(http, 95)),
        cpuCell(httpCpu.ownMs),
        cpuCell(httpCpu.childMs),
        '≤ 30 ms p95',
      ],
      [
        'directory query, service only',
        direct.length,
        round1(percentile(direct, 50)),
        round1(percentile(direct, 95)),
        cpuCell(directCpu.ownMs),
        cpuCell(directCpu.childMs),
        '',
      ],
    ];
    process.stdout.write(
      `\nDistrict directory — ${count} profiles, ${matched}/${http.length} queries matched\n`,
    );
    printTable(['measure', 'n', 'p50 ms', 'p95 ms', 'app CPU ms/q', 'engine CPU ms/q', 'target'], rows);
    if (!skipImport)
      printTable(
        ['CSV import', 'rows', 'rows/s'],
        [
          ['dry run', count, Math.round(dryRate)],
          ['real (upsert, revisions)', count, Math.round(importRate)],
        ],
      );
    printResult('directory_query_p50_ms', round1(percentile(http, 50)));
    printResult('directory_query_p95_ms', round1(percentile(http, 95)));
    if (!skipImport) {
      printResult('csv_dry_run_rows_per_s', Math.round(dryRate));
      printResult('csv_import_rows_per_s', Math.round(importRate));
    }
  } finally {
    await close();
  }
}

if (require.main === module) {
  runDirectoryBenchmark().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
