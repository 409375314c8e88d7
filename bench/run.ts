/**
 * `npm run bench`: the real-time benchmarks, each against a baseline measured in the same run.
 * `--only fanout`, `--only drafts`, `--only directory` or `--only search` runs one of them. Figures are printed as a table plus
 * `RESULT <name> <value>` lines; nothing here asserts timings.
 */
import { runBalanceBenchmark } from './balance.bench';
import { runDirectoryBenchmark } from './directory.bench';
import { runFanoutBenchmark } from './fanout.bench';
import { runMatchingBenchmark } from './matching.bench';
import { runPublicationBenchmark } from './publication.bench';
import { runSearchBenchmark } from './search.bench';

const only = (() => {
  const index = process.argv.indexOf('--only');
  return index >= 0 ? process.argv[index + 1] : undefined;
})();

async function main(): Promise<void> {
  if (!only || only === 'fanout') await runFanoutBenchmark();
  if (!only || only === 'directory') await runDirectoryBenchmark();
  if (!only || only === 'search') await runSearchBenchmark();
  if (!only || only === 'matching') await runMatchingBenchmark();
  if (!only || only === 'balance') await runBalanceBenchmark();
  if (!only || only === 'publication') await runPublicationBenchmark();
  if (!only || only === 'drafts') {
    // The drafts benchmark runs itself on import (it is also runnable alone with tsx).
    const draftsModule: string = './drafts.bench';
    await import(draftsModule);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
