/**
 * The one wait helper of the test suite: polls a condition until it holds, bounded by a timeout (never a timed
 * assertion — the timeout only stops a test that would otherwise hang).
 */

export interface WaitOptions {
  /** Give up after this long (ms). Default 10,000. */
  timeoutMs?: number;
  /** Poll every this many ms. Default 20. */
  intervalMs?: number;
  /** What is awaited (in the timeout message). */
  what?: string;
}

/**
 * Polls `check` until it returns a truthy value and resolves with it. A throwing `check` (e.g. a Jest `expect`)
 * counts as "not yet"; on timeout the last error is rethrown (so an assertion keeps its message), otherwise a
 * timeout error naming `what`. The second and third arguments also accept the older positional forms
 * `(check, timeoutMs, intervalMs | what)`.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: WaitOptions | number = {},
  third?: number | string,
): Promise<T> {
  const {
    timeoutMs = 10_000,
    intervalMs = 20,
    what = 'condition',
  } = typeof options === 'number'
    ? { timeoutMs: options, ...(typeof third === 'string' ? { what: third } : { intervalMs: third }) }
    : options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      if (lastError instanceof Error) throw lastError;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Reads a value and checks it with assertions until they pass (rethrowing the last assertion error on timeout) —
 * {@link waitFor} for `read` + `expect`. Default timeout 10 s, polled every 100 ms.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => void,
  timeoutMs = 10_000,
): Promise<void> {
  await waitFor(
    async () => {
      check(await read());
      return true;
    },
    { timeoutMs, intervalMs: 100, what: 'the assertion to pass' },
  );
}
