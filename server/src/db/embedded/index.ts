/**
 * Embedded MongoDB-wire-compatible engine. `startEmbeddedEngine` loads state (snapshot + journal when a
 * data dir is given), then serves the official driver / mongoose on a loopback TCP port.
 */
import { Core, memoryPersistence } from './engine';
import type { EmbeddedEngine, EmbeddedEngineOptions, EngineLogger, Persistence } from './types';
import { WireServer } from './wire/server';
import { openPersistence } from './persistence';

export type { EmbeddedEngine, EmbeddedEngineOptions, EngineLogger } from './types';

const silentLogger: EngineLogger = { debug() {}, info() {}, warn() {}, error() {} };

export async function startEmbeddedEngine(options: EmbeddedEngineOptions = {}): Promise<EmbeddedEngine> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const persistence: Persistence = options.dataDir
    ? await openPersistence({ dataDir: options.dataDir, logger })
    : memoryPersistence;
  const core = new Core(persistence, logger);
  try {
    await core.load();
  } catch (err) {
    await persistence.close().catch(() => undefined);
    throw err;
  }
  const server = new WireServer(core, logger);
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host);
  } catch (err) {
    await persistence.close().catch(() => undefined);
    throw err;
  }
  core.startTimers(options.ttlMonitorIntervalMs);
  core.buildDeferredIndexes();
  const uriHost = host.includes(':') ? `[${host}]` : host;
  const uri = `mongodb://${uriHost}:${port}`;
  logger.info('embedded engine listening', { uri, dataDir: options.dataDir ?? null });
  let closing: Promise<void> | null = null;
  return {
    uri,
    host,
    port,
    close() {
      closing ??= (async () => {
        await server.close();
        await core.close();
        logger.info('embedded engine closed', { uri });
      })();
      return closing;
    },
  };
}
