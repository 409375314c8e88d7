import cluster from 'node:cluster';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config/config';
import { openDatabase } from './db/openDatabase';
import { createLogger } from './lib/logger';
import { connectRedis } from './lib/redis';
import { createServer } from './server';
import { ensureDemo, formatCredentials } from './demo/seedDemo';
import { PRODUCT_NAME } from '@polos/shared';

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 8000;

const clientDistDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'client',
  'dist',
);

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, {}, { pretty: process.stdout.isTTY === true });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  const db = await openDatabase(config, logger);
  if (config.demo) {
    // First start on an empty database: create the demo workspace and print its accounts.
    const credentials = await ensureDemo(logger);
    if (credentials) process.stdout.write(formatCredentials(credentials));
  }
  const redis = config.redisUrl
    ? await connectRedis(config.redisUrl, logger.child({ component: 'redis' }))
    : undefined;
  const server = createServer({ config, logger, db, clientDistDir, redis });
  if (cluster.isWorker) {
    // `INSTANCES=N npm start`: the cluster primary (scripts/start.mjs) owns the port and hands each connection
    // to a worker, the same one for every request of a Socket.IO session (sticky).
    server.acceptFromClusterPrimary();
    logger.info(
      { worker: cluster.worker?.id, pid: process.pid, db: db.kind, redis: Boolean(redis) },
      'worker ready',
    );
    process.send?.({ type: 'polos:ready' });
  } else {
    const url = await server.listen(config.port, config.host);
    logger.info({ url, db: db.kind, redis: Boolean(redis) }, 'listening');
    process.stdout.write(`\n  ${PRODUCT_NAME} is running — open ${url}\n  database: ${db.kind}\n\n`);
  }

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const forceExit = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forceExit.unref();
    void (async () => {
      try {
        await server.close();
        await redis?.close();
        await db.close();
        logger.info('stopped');
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Polos failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
