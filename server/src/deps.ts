import type { Config } from './config/config';
import type { Database } from './db/connection';
import type { Logger } from './lib/logger';
import type { RedisClient } from './lib/redis';

/** Everything the app is built from; tests pass their own (port 0, temporary database). */
export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  /** Directory of the built client (index.html + assets); undefined = API only. */
  readonly clientDistDir?: string;
  /**
   * Shared by several app processes (REDIS_URL): broadcasts, presence and login limits go through it.
   * Undefined = one process, all of that in memory.
   */
  readonly redis?: RedisClient;
}
