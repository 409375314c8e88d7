/** Data-directory lock: a `LOCK` file created with O_EXCL holding the owner's pid. */
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { EngineLogger } from '../types';

export const LOCK_FILE = 'LOCK';

export interface DataDirLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireLock(dataDir: string, logger: EngineLogger): Promise<DataDirLock> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o644);
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return {
        async release() {
          try {
            const owner = Number.parseInt(await readFile(lockPath, 'utf8'), 10);
            if (owner === process.pid) await unlink(lockPath);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let content: string;
    try {
      content = await readFile(lockPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const pid = Number.parseInt(content.trim(), 10);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new Error(`data directory ${dataDir} is in use by process ${pid} (lock file ${lockPath})`);
    }
    logger.warn('taking over stale data-directory lock', {
      dataDir,
      stalePid: Number.isNaN(pid) ? content.trim() : pid,
    });
    try {
      await unlink(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`could not acquire lock on data directory ${dataDir}`);
}
