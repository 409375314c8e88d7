import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Environment schema. Each field documents its unit and default. */
const envSchema = z.object({
  /** TCP port of the HTTP + Socket.IO server. Default 3000; 0 picks a free port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. Default 127.0.0.1 (use 0.0.0.0 behind a proxy or in a container). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** A real MongoDB connection string. Unset → the embedded engine is started for the app. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  /** Directory for the embedded engine's files and other local state. Default ./data. */
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Secret for signing session-bound tokens; at least 32 characters. Unset → a random secret is created
   * once in `<DATA_DIR>/session-secret` (mode 0600) and reused, so sessions survive restarts.
   */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** pino level: fatal, error, warn, info, debug, trace or silent. Default info. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** development | production | test. Default development. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Create the demo workspace and accounts on an empty database. Default true. */
  DEMO: booleanFlag.default(true),
  /** Public origin(s) allowed for browsers, comma-separated (e.g. https://polos.example.org). Default: the server's own URL. */
  PUBLIC_ORIGIN: z.string().optional(),
  /**
   * Redis (≥ 7, or Valkey) shared by several app processes: Socket.IO broadcasts, presence, login limits.
   * Unset → one process keeps all of this in memory, as before. e.g. redis://127.0.0.1:6379
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /**
   * Presence heartbeat of a process in Redis (ms): entries of a process silent for 3 beats are dropped. Default
   * 5000. Only with REDIS_URL.
   */
  PRESENCE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly mongodbUri: string | undefined;
  readonly dataDir: string;
  readonly sessionSecret: string;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly nodeEnv: z.infer<typeof envSchema>['NODE_ENV'];
  readonly demo: boolean;
  readonly publicOrigins: readonly string[];
  /** REDIS_URL, or undefined for a single process. */
  readonly redisUrl: string | undefined;
  /** Presence heartbeat period in ms (Redis only). */
  readonly presenceHeartbeatMs: number;
}

/** Raised when the environment is invalid; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once at start-up into a frozen, typed config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (common in .env files) means "not set".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? readOrCreateSecret(dataDir),
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    demo: e.DEMO,
    publicOrigins: Object.freeze(
      (e.PUBLIC_ORIGIN ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    redisUrl: e.REDIS_URL,
    presenceHeartbeatMs: e.PRESENCE_HEARTBEAT_MS,
  });
}

/** The persisted fallback secret of a zero-setup install. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // Not created yet.
  }
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
