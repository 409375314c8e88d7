/**
 * Shared setup for the benchmarks that run the app on the embedded engine (directory, search, matching,
 * balance): command-line numbers, a temporary data directory with the engine (child process, journal on), the
 * real HTTP server in this process, signing in over HTTP and seeding varied district profiles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Types } from 'mongoose';
import { SESSION_COOKIE } from '@polos/shared';
import { loadConfig } from '../../server/src/config/config';
import { openDatabase } from '../../server/src/db/openDatabase';
import { DEMO_DISTRICT_PROFILES } from '../../server/src/demo/demoDistricts';
import {
  insertDistrictDocuments,
  newDistrictDocument,
} from '../../server/src/features/districts/profile.service';
import { createLogger } from '../../server/src/lib/logger';
import { createServer } from '../../server/src/server';

/** Password of every benchmark account that signs in over HTTP. */
export const BENCH_PASSWORD = 'bench password 1234';

/** `--<name> <n>` from the command line if it is a positive number, else `fallback`. */
export function benchArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A progress logger writing `[bench:<tag>] message` to stderr (stdout is kept for tables and RESULT lines). */
export function benchLog(tag: string): (message: string) => void {
  return (message) => process.stderr.write(`[bench:${tag}] ${message}\n`);
}

/** Rounds to one decimal (milliseconds, seconds in the printed figures). */
export const round1 = (n: number): number => Math.round(n * 10) / 10;

type LevelWithSilent = Parameters<typeof createLogger>[0];
type Database = Awaited<ReturnType<typeof openDatabase>>;

export interface BenchDb {
  db: Database;
  /** Closes the database (and its engine) and removes the temporary data directory. */
  close: () => Promise<void>;
}

export interface BenchApp extends BenchDb {
  /** Base URL of the listening HTTP server, e.g. `http://127.0.0.1:41234`. */
  url: string;
}

function benchConfig(tag: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `polos-bench-${tag}-`));
  const config = loadConfig({
    NODE_ENV: 'test',
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-12',
  });
  return { dataDir, config };
}

/**
 * Opens the embedded engine in a fresh temporary data directory (`$TMPDIR/polos-bench-<tag>-*`), without HTTP.
 * `logLevel` is the app logger's level (default silent).
 */
export async function openBenchDb(tag: string, logLevel: LevelWithSilent = 'silent'): Promise<BenchDb> {
  const { dataDir, config } = benchConfig(tag);
  const db = await openDatabase(config, createLogger(logLevel));
  return {
    db,
    close: async () => {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * As {@link openBenchDb}, plus the real HTTP server listening on 127.0.0.1 (random port). `logLevel` applies
 * when the `BENCH_LOG` environment variable is set; otherwise the logger is silent. `close()` stops the server,
 * then the database, then removes the data directory.
 */
export async function startBenchApp(tag: string, logLevel: LevelWithSilent = 'error'): Promise<BenchApp> {
  const { dataDir, config } = benchConfig(tag);
  const logger = createLogger(process.env.BENCH_LOG ? logLevel : 'silent');
  const db = await openDatabase(config, logger);
  const server = createServer({ config, logger, db });
  const close = async () => {
    await server.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    return { db, url: await server.listen(0, '127.0.0.1'), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Signs in over `POST /api/auth/login`. Returns the session cookie header for further requests and the CSRF
 * token (needed for writes). Throws if no session cookie was set.
 */
export async function signIn(
  url: string,
  email: string,
  password = BENCH_PASSWORD,
): Promise<{ headers: { cookie: string }; csrfToken: string }> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(login.headers.get('set-cookie') ?? '')?.[1];
  const body = (await login.json().catch(() => ({}))) as { csrfToken?: string };
  if (!cookie) throw new Error(`sign-in failed: ${login.status}`);
  return { headers: { cookie: `${SESSION_COOKIE}=${cookie}` }, csrfToken: body.csrfToken ?? '' };
}

/**
 * `n` profile field sets varied from the 76 demo profiles: names and offer/request ids suffixed with
 * `<tag><i>`, so every (name, country) is new; no contact person.
 */
export function variedProfiles(n: number, tag: string) {
  return Array.from({ length: n }, (_, i) => {
    const p = DEMO_DISTRICT_PROFILES[i % DEMO_DISTRICT_PROFILES.length];
    const offers = p.offers.map((c) => ({ ...c, id: `${c.id}-${tag}${i}` }));
    const requests = p.requests.map((c) => ({ ...c, id: `${c.id}-${tag}${i}` }));
    return { ...p, name: `${p.name} ${tag}${i}`, offers, requests, contactPerson: null };
  });
}

/** Inserts `n` {@link variedProfiles} into the workspace as new districts, in batches of 500. */
export async function seedVariedProfiles(workspaceId: Types.ObjectId, n: number, tag: string): Promise<void> {
  const docs = variedProfiles(n, tag).map((fields) => newDistrictDocument({ fields, workspaceId, by: null }));
  for (let i = 0; i < docs.length; i += 500) await insertDistrictDocuments(docs.slice(i, i + 500));
}
