/**
 * `npm run seed [-- --reset]`: creates the demo workspace on an empty database (`--reset` drops the
 * database first). Uses the same config as the server (MONGODB_URI or the embedded engine in DATA_DIR);
 * stop a running server on the same embedded data directory first.
 */
import { ConfigError, loadConfig } from './config/config';
import { openDatabase } from './db/openDatabase';
import { createLogger } from './lib/logger';
import { ensureDemo, formatCredentials, resetDatabase } from './demo/seedDemo';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openDatabase(config, logger);
  try {
    if (process.argv.includes('--reset')) {
      await resetDatabase();
      process.stdout.write('  Database reset.\n');
    }
    const credentials = await ensureDemo(logger);
    process.stdout.write(
      credentials
        ? formatCredentials(credentials)
        : '  The database is not empty: nothing created (use --reset).\n',
    );
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(
      `Seeding failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
});
