/**
 * Data-directory lock: a Unix domain socket named `LOCK` bound inside the data directory and kept
 * listening by the engine that owns the directory.
 *
 * The kernel closes the listening socket the moment its owner dies (kill -9, crash, power loss), so a
 * dead owner can never block a start-up, whatever became of its pid (zombie, reused by another
 * process). A starter that can `connect()` to `LOCK` knows a live owner exists (the owner answers with
 * its pid); a refused connection means the file is a leftover. Binding is atomic (it fails with
 * EADDRINUSE when the name exists), so two live engines never hold the same directory; a leftover is
 * first renamed to a unique name (atomic) and checked again before anything is bound in its place.
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, mkdtemp, realpath, rename, rm, symlink, unlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { EngineLogger } from '../types';

export const LOCK_FILE = 'LOCK';

/** A held lock; `release()` closes the socket and removes `LOCK` (only if it is still this one). */
export interface DataDirLock {
  release(): Promise<void>;
}

/** Longest socket path used directly (Linux allows 107 bytes, macOS 103; `.stale-…` names are longer). */
const MAX_SOCKET_PATH = 80;
/** How long a probe waits for a connected owner to send its pid. */
const PROBE_TIMEOUT_MS = 2000;

type Probe = { state: 'live'; pid: number | undefined } | { state: 'dead' } | { state: 'gone' };

/** Connects to the socket at `socketPath`: a live owner accepts (and sends its pid). */
function probe(socketPath: string): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ path: socketPath });
    let data = '';
    let connected = false;
    const timer = setTimeout(() => finish(), PROBE_TIMEOUT_MS);
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const pid = Number.parseInt(data.trim(), 10);
      resolve({ state: 'live', pid: Number.isInteger(pid) && pid > 0 ? pid : undefined });
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      connected = true;
    });
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('end', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      if (connected) return finish();
      // ECONNREFUSED: nobody listens (a leftover socket, or a regular file from an older engine).
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOTSOCK') resolve({ state: 'dead' });
      else if (error.code === 'ENOENT') resolve({ state: 'gone' });
      else reject(error);
    });
  });
}

/** Binds a listening socket at `socketPath`; resolves null when the name already exists. */
function bind(socketPath: string): Promise<net.Server | null> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end(`${process.pid}\n`);
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(null);
      else reject(error);
    });
    server.listen({ path: socketPath, exclusive: true }, () => {
      server.removeAllListeners('error');
      server.on('error', () => undefined);
      // The lock must not keep a process alive on its own.
      server.unref();
      resolve(server);
    });
  });
}

/**
 * A directory path short enough for socket names: `dataDir` itself, or (for a long `dataDir`) a
 * symlink to it in a fresh temporary directory, removed by `cleanup()` once the lock is taken.
 */
async function shortDirFor(dataDir: string): Promise<{ dir: string; cleanup(): Promise<void> }> {
  if (Buffer.byteLength(path.join(dataDir, LOCK_FILE)) <= MAX_SOCKET_PATH) {
    return { dir: dataDir, cleanup: () => Promise.resolve() };
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'polos-lock-'));
  const dir = path.join(tmp, 'd');
  await symlink(await realpath(dataDir), dir, 'dir');
  return { dir, cleanup: () => rm(tmp, { recursive: true, force: true }) };
}

function inUse(dataDir: string, lockPath: string, pid: number | undefined): Error {
  return new Error(
    `data directory ${dataDir} is in use by process ${pid ?? '(unknown pid)'} (lock socket ${lockPath})`,
  );
}

/**
 * Takes the lock on `dataDir` (which must exist). Throws `data directory … is in use by process N`
 * while another live engine (or this process) holds it; a leftover of a dead owner is taken over
 * with a warning.
 */
export async function acquireLock(dataDir: string, logger: EngineLogger): Promise<DataDirLock> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const short = await shortDirFor(dataDir);
  const socketPath = path.join(short.dir, LOCK_FILE);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = await bind(socketPath);
      if (server) {
        const { ino } = await lstat(lockPath);
        return {
          async release() {
            await new Promise<void>((resolve) => server.close(() => resolve()));
            // libuv unlinks the path it bound; a long data dir was bound through a removed symlink.
            try {
              if ((await lstat(lockPath)).ino === ino) await unlink(lockPath);
            } catch {
              // Already gone: nothing to release.
            }
          },
        };
      }
      const owner = await probe(socketPath);
      if (owner.state === 'gone') continue;
      if (owner.state === 'live') throw inUse(dataDir, lockPath, owner.pid);
      // A leftover: move it aside under a unique name (atomic), then make sure what was moved is
      // still dead — another starter may have bound a live socket there since the probe.
      const grave = `${socketPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        await rename(socketPath, grave);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      const moved = await probe(grave);
      if (moved.state === 'live') {
        // Put the live owner's socket back (link fails only if yet another engine bound meanwhile).
        await link(grave, socketPath).catch(() => undefined);
        await unlink(grave).catch(() => undefined);
        throw inUse(dataDir, lockPath, moved.pid);
      }
      await unlink(grave).catch(() => undefined);
      logger.warn('taking over stale data-directory lock (its owner is gone)', { dataDir });
    }
    throw new Error(`could not acquire lock on data directory ${dataDir}`);
  } finally {
    await short.cleanup();
  }
}
