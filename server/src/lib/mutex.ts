/**
 * Runs async work one at a time per key, in call order. Used to give each question's thread a strictly
 * increasing seq in the order its changes are stored and broadcast (single server process).
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      // Forget the key once nothing else queued behind this work.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
