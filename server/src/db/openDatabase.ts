import path from 'node:path';
import type { Config } from '../config/config';
import type { Logger } from '../lib/logger';
import { connectDatabase, type Database } from './connection';
import { startSupervisedEngine } from './embeddedSupervisor';

/**
 * The one place that chooses the database: `MONGODB_URI` when set, otherwise the embedded engine as a
 * supervised child process with its files in `<DATA_DIR>/db`. Everything above sees only `Database`.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.mongodbUri) return connectDatabase(config.mongodbUri, 'mongodb', logger);
  const engine = await startSupervisedEngine(path.join(config.dataDir, 'db'), logger.child({ component: 'db' }));
  try {
    const database = await connectDatabase(`${engine.uri}/polos`, 'embedded', logger);
    return {
      ...database,
      async close() {
        await database.close();
        await engine.stop();
      },
    };
  } catch (error) {
    await engine.stop();
    throw error;
  }
}
