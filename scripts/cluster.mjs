// `INSTANCES=N npm start`: N app processes on one machine behind one port (issue 14).
// - This process is the node:cluster primary: it owns PORT and hands every connection to a worker with
//   @socket.io/sticky, so all requests of one Socket.IO session (long-polling included) reach the same worker.
// - The workers are the normal server (server/src/index.ts); they share one database and one Redis:
//   MONGODB_URI, or else the embedded engine standalone started here (one engine process, files in
//   DATA_DIR/db); REDIS_URL, or else a private redis-server started here on a free loopback port when the
//   Debian package is installed (persistence off) — otherwise start-up stops with a clear message.
// - Workers start one after the other (the first seeds the demo and creates the session secret); a worker that
//   dies is replaced. New connections go only to ready workers (routeToReadyWorkersOnly): after a kill -9 the
//   dead worker's clients reconnect to a survivor at once, not to its replacement while that one boots.
import cluster from 'node:cluster';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

const REDIS_SERVER_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns a helper process and resolves once its output contains `ready`. */
function startHelper(name, command, args, ready, timeoutMs = 60_000) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code}:\n${output}`));
    });
  });
}

/**
 * Starts a helper with {@link startHelper} and starts it again, same command and port, whenever it exits while
 * `running()` (a private redis-server or engine killed by the OOM killer or by hand: the workers reconnect by
 * themselves, but to nothing until it is back). Waits 0.5 s before a restart, doubling up to 5 s while restarts keep
 * failing. `announce(child)` is called after every start. Resolves with `{ current() }` once the first start is ready;
 * rejects when the first start fails.
 */
async function superviseHelper(name, command, args, ready, running, announce) {
  let child = await startHelper(name, command, args, ready);
  announce(child);
  let delayMs = 500;
  const watch = (watched) =>
    watched.once('exit', (code, signal) => {
      if (!running()) return;
      console.error(`${name} (pid ${watched.pid}) stopped (${signal ?? code}); starting it again`);
      const again = () =>
        startHelper(name, command, args, ready).then(
          (next) => {
            child = next;
            delayMs = 500;
            announce(next);
            if (!running()) next.kill('SIGTERM');
            else watch(next);
          },
          (error) => {
            console.error(String(error instanceof Error ? error.message : error));
            delayMs = Math.min(delayMs * 2, 5000);
            if (running()) setTimeout(again, delayMs);
          },
        );
      setTimeout(again, delayMs);
    });
  watch(child);
  return { current: () => child };
}

/**
 * Stateless sticky routing for long-polling (issue 14.4). @socket.io/sticky's primary learns which worker owns a
 * new Engine.IO session from that worker's IPC message, while the worker answers the handshake on the socket
 * directly: under load the client's first follow-up request can reach the primary before the IPC message and be
 * routed to another worker ("Session ID unknown", HTTP 400; socketio/socket.io-sticky#2). The workers' session ids
 * name their worker (`W<id base 36>_…`, server.ts `workerSessionId`): before setupMaster's handler reads the first
 * chunk of a request, this one reads the worker from the `sid` and, for a session the primary has not heard of yet,
 * tells setupMaster the binding itself (the same `sticky:connection` message the worker sends), so the request is
 * routed to its worker whatever the order. The worker's own message arrives later; the connection count it adds
 * twice is taken back once.
 */
function routeBySessionId(httpServer) {
  const sidPattern = /[?&]sid=(W([0-9a-z]+)_[\w-]+)/;
  const known = new Set();
  const announced = new Set();
  cluster.on('message', (worker, message) => {
    if (message?.type === 'sticky:connection') {
      if (announced.delete(message.data)) worker.clientsCount = Math.max(0, (worker.clientsCount || 0) - 1);
      else known.add(message.data);
    } else if (message?.type === 'sticky:disconnection') {
      known.delete(message.data);
      announced.delete(message.data);
    }
  });
  cluster.on('exit', (worker) => {
    const prefix = `W${worker.id.toString(36)}_`;
    for (const set of [known, announced]) for (const sid of set) if (sid.startsWith(prefix)) set.delete(sid);
  });
  httpServer.on('connection', (socket) => {
    // Runs after setupMaster's 'connection' handler (which replaced the socket's data listeners): prepend.
    socket.prependOnceListener('data', (chunk) => {
      const end = chunk.indexOf('\r\n');
      const match = sidPattern.exec(
        chunk.subarray(0, end < 0 ? Math.min(chunk.length, 2048) : end).toString(),
      );
      if (!match) return;
      const [, sid, id] = match;
      if (known.has(sid) || announced.has(sid)) return;
      const worker = cluster.workers?.[parseInt(id, 36)];
      if (!worker) return; // the worker died: setupMaster picks another, which answers "Session ID unknown"
      // setupMaster's listener binds the session (and counts it); ours (below it) then sees it as known.
      cluster.emit('message', worker, { type: 'sticky:connection', data: sid });
      announced.add(sid);
    });
  });
}

/**
 * New connections only to workers that are ready (M1, QA 2026-11-30). @socket.io/sticky's least-connection choice
 * looks at every worker in `cluster.workers`, including one just forked to replace a dead worker: it has no
 * sessions, so it wins, but until it has set up its connection handler (its `polos:ready` message) a connection
 * handed to it is never answered — the clients of a killed worker waited for their 20 s connect timeout and then
 * landed on the replacement instead of the surviving worker. The choice reads `worker.clientsCount` (the library's
 * own counter, raised on `sticky:connection` and lowered on `sticky:disconnection`), so a worker that is not ready
 * — still booting, or gone (IPC disconnected or exited, before node:cluster drops it from `cluster.workers`) —
 * counts as infinitely busy and is chosen only when no worker is ready. `markReady` starts its count at 0.
 * Requests of an existing session still go to the session's worker (routeBySessionId).
 */
function routeToReadyWorkersOnly() {
  const notReady = (worker) => {
    worker.clientsCount = Number.POSITIVE_INFINITY;
  };
  cluster.on('fork', notReady);
  cluster.on('disconnect', notReady);
  cluster.on('exit', notReady);
  return {
    /** The worker has said `polos:ready`: it takes new connections from now on. */
    markReady(worker) {
      if (worker.isConnected() && !worker.isDead()) worker.clientsCount = 0;
    },
  };
}

/**
 * Starts the primary: database engine and Redis when not given, `instances` workers, the port.
 * `workerEntry` (tests): a bundled app entry run without tsx instead of server/src/index.ts.
 */
export async function startCluster({ root, tsx, instances, workerEntry }) {
  /** The supervised helpers (redis-server, engine): `current()` is the running process. */
  const helpers = [];
  let stopping = false;
  /**
   * SIGTERM to every helper; resolves once they have exited (the engine writes its journal and snapshot first), or
   * after 10 s — so that whoever waits for this process to exit (a test removing DATA_DIR, a supervisor) finds
   * nothing still writing.
   */
  const stopHelpers = () => {
    stopping = true;
    const running = helpers
      .map((helper) => helper.current())
      .filter((child) => child.exitCode === null && child.signalCode === null);
    const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
    for (const child of running) child.kill('SIGTERM');
    return Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  };
  const env = { NODE_ENV: 'production', ...process.env };
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  mkdirSync(dataDir, { recursive: true });

  try {
    if (!env.REDIS_URL) {
      const redisServer = REDIS_SERVER_CANDIDATES.find((candidate) => existsSync(candidate));
      if (!redisServer) {
        console.error(
          `INSTANCES=${instances} needs Redis for broadcasts, presence and login limits across processes:\n` +
            '  set REDIS_URL=redis://host:6379, or install redis-server (apt-get install redis-server) so that\n' +
            '  npm start can run a private one.',
        );
        process.exit(1);
      }
      const port = await freePort();
      const redisUrl = `redis://127.0.0.1:${port}`;
      const redis = await superviseHelper(
        'redis-server',
        redisServer,
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--daemonize',
          'no',
        ],
        'Ready to accept connections',
        () => !stopping,
        (child) => console.log(`  redis-server (private, no persistence, pid ${child.pid}) on ${redisUrl}`),
      );
      helpers.push(redis);
      env.REDIS_URL = redisUrl;
    }
    if (!env.MONGODB_URI) {
      const port = await freePort();
      const engineAddress = `127.0.0.1:${port}`;
      const engine = await superviseHelper(
        'database engine',
        process.execPath,
        [
          '--import',
          tsx,
          path.join(root, 'server', 'src', 'db', 'standaloneEngine.ts'),
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--data',
          path.join(dataDir, 'db'),
          // The engine exits when this process's end of its stdin closes (even after a kill -9 here).
          '--exit-with-parent',
        ],
        'listening on',
        () => !stopping,
        (child) =>
          console.log(`  embedded database engine (standalone, pid ${child.pid}) on ${engineAddress}`),
      );
      helpers.push(engine);
      env.MONGODB_URI = `mongodb://${engineAddress}/polos`;
    }
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    await stopHelpers();
    process.exit(1);
  }

  const { setupMaster } = createRequire(path.join(root, 'server', 'package.json'))('@socket.io/sticky');
  cluster.setupPrimary({
    exec: workerEntry ?? path.join(root, 'server', 'src', 'index.ts'),
    execArgv: workerEntry ? [] : ['--import', tsx],
    // @socket.io/sticky forwards request bytes over IPC: Buffers must stay Buffers.
    serialization: 'advanced',
    silent: false,
  });

  const readiness = routeToReadyWorkersOnly();
  const fork = () =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork(env);
      const onMessage = (message) => {
        if (message?.type !== 'polos:ready') return;
        worker.off('message', onMessage);
        worker.off('exit', onEarlyExit);
        readiness.markReady(worker);
        resolve(worker);
      };
      const onEarlyExit = (code) => reject(new Error(`worker exited with code ${code} during start-up`));
      worker.on('message', onMessage);
      worker.once('exit', onEarlyExit);
    });

  try {
    for (let i = 0; i < instances; i++) await fork();
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    await stopHelpers();
    process.exit(1);
  }
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    fork().catch((error) => console.error(String(error)));
  });

  const httpServer = createHttpServer();
  setupMaster(httpServer, { loadBalancingMethod: 'least-connection' });
  routeBySessionId(httpServer);
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, resolve);
  });
  const { port: actualPort } = httpServer.address();
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  console.log(
    `\n  Polos is running on ${instances} processes — open http://${shownHost}:${actualPort}\n` +
      `  database: ${env.MONGODB_URI.replace(/\/\/[^@]*@/, '//***@')}, redis: ${env.REDIS_URL.replace(/\/\/[^@]*@/, '//***@')}\n`,
  );

  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    httpServer.close();
    const workers = Object.values(cluster.workers ?? {}).filter(Boolean);
    let left = workers.length;
    let finishing = false;
    const done = () => {
      if (finishing) return;
      finishing = true;
      void stopHelpers().then(() => process.exit(0));
    };
    if (left === 0) return done();
    for (const worker of workers) {
      worker.once('exit', () => {
        left -= 1;
        if (left === 0) done();
      });
      worker.kill('SIGTERM');
    }
    setTimeout(done, 15_000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
