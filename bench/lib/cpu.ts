/**
 * CPU time for benchmarks, which resists load better than wall time on a shared machine: this process
 * (`process.cpuUsage`) and a child process (the embedded engine) read from Linux's `/proc/<pid>/stat`
 * (user + system clock ticks, 100 per second). Off Linux the child's figure is null.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/**
 * Fields of `/proc/<pid>/stat` (or, with `tid`, of one thread: `/proc/<pid>/task/<tid>/stat`) after the command
 * name (which may hold spaces), 0-based from `state`.
 */
function statFields(pid: number, tid?: number): string[] | null {
  try {
    const stat = readFileSync(
      tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`,
      'utf8',
    );
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Milliseconds of CPU (user + system) this process has used. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Milliseconds of CPU (user + system) process `pid` has used, or null when it cannot be read. */
export function processCpuMs(pid: number): number | null {
  const f = statFields(pid);
  return f ? ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND : null;
}

/**
 * Milliseconds of CPU (user + system) used by process `pid`'s main thread — its event loop, without worker
 * threads or Node's helper threads (GC, libuv pool) — or null when it cannot be read. The main thread's id is the pid.
 */
export function mainThreadCpuMs(pid: number): number | null {
  const f = statFields(pid, pid);
  return f ? ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND : null;
}

/** The pid of this process's child whose command line contains `needle` (e.g. the engine's CLI), or null. */
export function childPid(needle: string): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (!f || Number(f[1]) !== process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return null;
}

/** CPU per operation of this process and of a child over a run of `count` operations. */
export async function cpuPerOperation(
  child: number | null,
  count: number,
  run: () => Promise<void>,
): Promise<{ ownMs: number; childMs: number | null }> {
  const own0 = ownCpuMs();
  const child0 = child === null ? null : processCpuMs(child);
  await run();
  const ownMs = (ownCpuMs() - own0) / count;
  const child1 = child === null ? null : processCpuMs(child);
  const childMs = child0 === null || child1 === null ? null : (child1 - child0) / count;
  return { ownMs, childMs };
}

/**
 * Waits until process `pid` uses less than `busyMsPerSecond` of CPU over a second (e.g. the engine's journal
 * compaction after a bulk insert has finished), at most `timeoutMs`; returns the milliseconds waited. Resolves
 * at once when the process cannot be read.
 */
export async function waitUntilIdle(
  pid: number | null,
  busyMsPerSecond = 50,
  timeoutMs = 30_000,
): Promise<number> {
  const start = performance.now();
  if (pid === null) return 0;
  for (;;) {
    const before = processCpuMs(pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = processCpuMs(pid);
    if (before === null || after === null || after - before < busyMsPerSecond) break;
    if (performance.now() - start > timeoutMs) break;
  }
  return performance.now() - start;
}
