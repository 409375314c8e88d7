import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

/**
 * Event-loop stall recorder for attributing latency tails to a process (benchmarks only, when dumping traces): a
 * 5 ms ticker notes every gap longer than `thresholdMs` as [absolute start time, gap ms]. Absolute times
 * (performance.timeOrigin + performance.now()) line up across the bench's processes.
 */
export interface StallWatch {
  /**
   * [absolute time the loop went quiet, length of the gap in ms, ms the main thread ran, ms it waited for a
   * CPU], oldest first. The last two come from Linux's /proc/self/task/<pid>/schedstat (-1 elsewhere): a gap
   * spent running is the loop's own work; one spent waiting is the machine's load.
   */
  stalls: Array<[number, number, number, number]>;
  /** Garbage collections over 5 ms: [absolute start, duration ms, V8 kind (1 scavenge, 4 mark-compact, …)]. */
  gcs: Array<[number, number, number]>;
  stop(): void;
}

/** [ns on CPU, ns waiting on a run queue] of this process's main thread, or null off Linux. */
function schedstat(): [number, number] | null {
  try {
    const [run, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return [Number(run), Number(wait)];
  } catch {
    return null;
  }
}

/** Starts recording; the ticker is unref'd so it never keeps a process alive. */
export function watchStalls(thresholdMs = 20): StallWatch {
  const now = () => performance.timeOrigin + performance.now();
  const stalls: Array<[number, number, number, number]> = [];
  let last = now();
  let lastSched = schedstat();
  const timer = setInterval(() => {
    const t = now();
    const sched = schedstat();
    if (t - last > thresholdMs)
      stalls.push([
        last,
        t - last,
        sched && lastSched ? (sched[0] - lastSched[0]) / 1e6 : -1,
        sched && lastSched ? (sched[1] - lastSched[1]) / 1e6 : -1,
      ]);
    last = t;
    lastSched = sched;
  }, 5);
  timer.unref();
  const gcs: Array<[number, number, number]> = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.duration > 5)
        gcs.push([
          performance.timeOrigin + entry.startTime,
          entry.duration,
          (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0,
        ]);
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stalls,
    gcs,
    stop: () => {
      clearInterval(timer);
      observer.disconnect();
    },
  };
}
