import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

/** Debian's redis-server (installed by `.ci/run`); REDIS_SERVER_BIN overrides it. */
const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export interface TestRedis {
  /** e.g. `redis://127.0.0.1:41234` — pass as REDIS_URL. */
  readonly url: string;
  readonly port: number;
  /** PID of the current redis-server process (changes after `restart`). */
  pid(): number | undefined;
  /** Everything redis-server printed, for failure reports. */
  output(): string;
  /** Kills the server (SIGKILL by default, like a crash; `graceful` sends SIGTERM) and waits for its exit. */
  kill(options?: { graceful?: boolean }): Promise<void>;
  /** Starts the server again on the same port (an empty data set: persistence is off). */
  start(): Promise<void>;
  /** `kill` then `start` — the data set is gone afterwards, as after a real restart without persistence. */
  restart(options?: { graceful?: boolean }): Promise<void>;
  /** Kills the server by PID (idempotent); call in afterAll. */
  stop(): Promise<void>;
}

/** True when a redis-server binary is available (tests may skip with a clear message otherwise). */
export function redisServerAvailable(): boolean {
  return existsSync(REDIS_SERVER_BIN);
}

/** A free loopback TCP port (bound then released; redis binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when `PING` on 127.0.0.1:port answers `+PONG`; rejects after `timeoutMs`. */
async function waitForPong(port: number, timeoutMs: number, exited: () => boolean, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`redis-server exited during start-up:\n${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let reply = '';
      const done = (value: boolean) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('error', () => done(false));
      socket.on('data', (chunk) => {
        reply += chunk.toString('utf8');
        if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
      });
      socket.once('connect', () => socket.write('PING\r\n'));
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`redis-server did not answer PING within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts a private redis-server on a free loopback port with persistence off (`--save '' --appendonly no`), so
 * a restart loses everything, like a crashed Redis without a disk. Loopback only, no password.
 *
 * @param options.timeoutMs how long start-up may take (default 10,000 ms).
 * @throws when the binary is missing or the server does not answer PING in time.
 */
export async function startRedis(options: { timeoutMs?: number; port?: number } = {}): Promise<TestRedis> {
  if (!redisServerAvailable()) {
    throw new Error(
      `${REDIS_SERVER_BIN} not found: install Debian's redis-server (apt-get install redis-server)`,
    );
  }
  const port = options.port ?? (await freePort());
  const timeoutMs = options.timeoutMs ?? 10_000;
  let child: ChildProcess | undefined;
  let log = '';

  const start = async () => {
    const proc = spawn(
      REDIS_SERVER_BIN,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'yes',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
        '--dir',
        '/tmp',
        '--dbfilename',
        `polos-test-redis-${port}.rdb`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    proc.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    proc.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    await waitForPong(
      port,
      timeoutMs,
      () => proc.exitCode !== null || proc.signalCode !== null,
      () => log,
    );
  };

  const kill = async ({ graceful = false }: { graceful?: boolean } = {}) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        try {
          process.kill(proc.pid as number, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        process.kill(proc.pid as number, graceful ? 'SIGTERM' : 'SIGKILL');
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid,
    output: () => log,
    kill,
    start,
    restart: async (opts) => {
      await kill(opts);
      await start();
    },
    stop: () => kill(),
  };
}
