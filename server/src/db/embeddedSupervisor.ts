import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Logger } from '../lib/logger';
import { engineNodeArgs } from './engineBundle';

/** How long start-up retries when the engine exits at once (e.g. its data dir is still locked). */
const START_RETRY_MS = 15_000;

export interface SupervisedEngine {
  readonly uri: string;
  /** Sends SIGTERM (the engine flushes its journal) and waits for the child to exit. */
  stop(): Promise<void>;
}

/**
 * Runs the embedded engine as a child process on its own core, bound to 127.0.0.1, and restarts it
 * if it dies (the driver reconnects by itself: the port stays the same).
 */
export async function startSupervisedEngine(dataDir: string, logger: Logger): Promise<SupervisedEngine> {
  const port = await findFreePort();
  const uri = `mongodb://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;

  const engineArgs = [
    ...profilingArgs(),
    ...(await engineNodeArgs((reason) =>
      logger.warn({ reason }, 'engine bundle could not be built; running the engine through tsx'),
    )),
  ];
  const launch = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(
        process.execPath,
        [
          ...engineArgs,
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--data',
          dataDir,
          '--exit-with-parent',
        ],
        // stdin stays open as a lifeline: when this process dies (even by SIGKILL) the engine sees EOF,
        // flushes and exits, releasing its data-dir lock for the next start.
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      child = proc;
      let ready = false;
      let stdoutBuffer = '';
      let stderrTail = '';
      proc.stdout?.setEncoding('utf8');
      proc.stdout?.on('data', (chunk: string) => {
        stdoutBuffer += chunk;
        if (!ready && stdoutBuffer.includes('listening on ')) {
          ready = true;
          logger.info({ uri, pid: proc.pid }, 'embedded database ready');
          resolve();
        }
      });
      proc.stderr?.setEncoding('utf8');
      let stderrPartial = '';
      proc.stderr?.on('data', (chunk: string) => {
        stderrTail = (stderrTail + chunk).slice(-2000);
        // Chunks need not end at a line break: keep the unfinished line for the next chunk.
        const lines = (stderrPartial + chunk).split('\n');
        stderrPartial = lines.pop() ?? '';
        for (const line of lines) logEngineLine(logger, line);
      });
      proc.stderr?.on('end', () => {
        if (stderrPartial) logEngineLine(logger, stderrPartial);
        stderrPartial = '';
      });
      proc.on('exit', (code, signal) => {
        if (!ready) {
          reject(
            new Error(
              `embedded database exited during start-up (code ${code}, signal ${signal}): ${stderrTail.trim()}`,
            ),
          );
          return;
        }
        if (stopping) return;
        restarts += 1;
        const delay = Math.min(5000, 200 * 2 ** Math.min(restarts, 5));
        logger.error({ code, signal, restarts, delay }, 'embedded database died; restarting');
        setTimeout(() => {
          if (!stopping) launch().catch((error: unknown) => logger.error({ err: error }, 'restart failed'));
        }, delay);
      });
    });

  // A previous engine on the same data dir (e.g. orphaned by a killed app) may still be flushing and
  // hold the lock for a moment: retry start-up for a while before giving up.
  const startDeadline = Date.now() + START_RETRY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      if (Date.now() > startDeadline) throw error;
      logger.warn({ attempt, err: error }, 'embedded database did not start; retrying');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return {
    uri,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        const proc = child;
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const killTimer = setTimeout(() => proc.kill('SIGKILL'), 10000);
        proc.once('exit', () => {
          clearTimeout(killTimer);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

/**
 * `ENGINE_CPU_PROF=<dir>` (benchmarks, diagnosis): the engine runs under `node --cpu-prof` and writes a
 * `.cpuprofile` into that directory when it exits (SIGTERM at close). Node refuses `--cpu-prof` in
 * `NODE_OPTIONS`, so the child cannot inherit it from the app.
 */
function profilingArgs(): string[] {
  const dir = process.env.ENGINE_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

const ENGINE_LEVELS = new Set(['debug', 'info', 'warn', 'error']);

/**
 * One line the engine wrote to stderr, as the app logs it: the engine writes JSON lines
 * `{ time, level, msg, ...fields }` (see `embedded/cli.ts`); their fields become fields of the app's log entry
 * (tagged `source: 'engine'`), at the engine's level, so a terminal shows readable lines and a collector gets
 * searchable fields rather than a JSON string nested in a message. Anything else (a crash trace) is logged as text
 * at `warn`.
 */
export function engineLogEntry(line: string): {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
} | null {
  const text = line.trim();
  if (!text) return null;
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const { level, msg, time, ...rest } = parsed as Record<string, unknown>;
        const fields: Record<string, unknown> = { ...rest, source: 'engine' };
        // The app's logger stamps its own time; the engine's is kept apart only when it is one.
        if (typeof time === 'string') fields.engineTime = time;
        return {
          level: typeof level === 'string' && ENGINE_LEVELS.has(level) ? (level as 'info') : 'info',
          msg: typeof msg === 'string' ? msg : '',
          fields,
        };
      }
    } catch {
      // not JSON: logged as text below
    }
  }
  return { level: 'warn', msg: text, fields: { source: 'engine' } };
}

function logEngineLine(logger: Logger, line: string): void {
  const entry = engineLogEntry(line);
  if (entry) logger[entry.level](entry.fields, entry.msg);
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
