/**
 * A sorted list stored as blocks of at most BLOCK entries: O(log n) search, O(BLOCK) insert/remove,
 * ordered iteration between two positions in either direction. Used by B-tree indexes.
 */
const BLOCK = 512;

export interface Pos {
  b: number;
  i: number;
}

/** `probe(e)` < 0 when e sorts before the probe, 0 when equal, > 0 after. */
export type Probe<T> = (e: T) => number;

export class SortedList<T> {
  private blocks: T[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** First position whose entry is >= probe. */
  lowerBound(probe: Probe<T>): Pos {
    const blocks = this.blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const blk = blocks[mid];
      if (probe(blk[blk.length - 1]) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === blocks.length) return { b: lo, i: 0 };
    const blk = blocks[lo];
    let a = 0;
    let z = blk.length;
    while (a < z) {
      const mid = (a + z) >>> 1;
      if (probe(blk[mid]) < 0) a = mid + 1;
      else z = mid;
    }
    return { b: lo, i: a };
  }

  insert(e: T, probe: Probe<T>): void {
    this.count++;
    const blocks = this.blocks;
    if (blocks.length === 0) {
      blocks.push([e]);
      return;
    }
    const last = blocks[blocks.length - 1];
    if (probe(last[last.length - 1]) < 0) {
      if (last.length >= BLOCK) blocks.push([e]);
      else last.push(e);
      return;
    }
    const pos = this.lowerBound(probe);
    const blk = blocks[pos.b];
    blk.splice(pos.i, 0, e);
    if (blk.length > BLOCK * 2) blocks.splice(pos.b + 1, 0, blk.splice(BLOCK));
  }

  /** Removes the entry equal to the probe (probe(e) === 0), if any. */
  removeMatching(probe: Probe<T>): boolean {
    const pos = this.lowerBound(probe);
    const blk = this.blocks[pos.b];
    if (!blk || pos.i >= blk.length || probe(blk[pos.i]) !== 0) return false;
    blk.splice(pos.i, 1);
    if (blk.length === 0) this.blocks.splice(pos.b, 1);
    this.count--;
    return true;
  }

  remove(e: T, probe: Probe<T>): boolean {
    const pos = this.lowerBound(probe);
    const blk = this.blocks[pos.b];
    if (blk && blk[pos.i] === e) {
      blk.splice(pos.i, 1);
      if (blk.length === 0) this.blocks.splice(pos.b, 1);
      this.count--;
      return true;
    }
    for (let b = 0; b < this.blocks.length; b++) {
      const x = this.blocks[b];
      const i = x.indexOf(e);
      if (i >= 0) {
        x.splice(i, 1);
        if (x.length === 0) this.blocks.splice(b, 1);
        this.count--;
        return true;
      }
    }
    return false;
  }

  /** Replaces the content with `sorted` (already in order). */
  load(sorted: T[]): void {
    this.blocks = [];
    for (let i = 0; i < sorted.length; i += BLOCK) this.blocks.push(sorted.slice(i, i + BLOCK));
    this.count = sorted.length;
  }

  clear(): void {
    this.blocks = [];
    this.count = 0;
  }

  /** Entries in [from, to), forward or backward. */
  *between(from: Pos, to: Pos, reverse = false): Generator<T> {
    const blocks = this.blocks;
    if (!reverse) {
      let { b, i } = from;
      while (b < to.b || (b === to.b && i < to.i)) {
        const blk = blocks[b];
        if (!blk) return;
        if (i >= blk.length) {
          b++;
          i = 0;
          continue;
        }
        yield blk[i];
        i++;
      }
      return;
    }
    let { b, i } = to;
    for (;;) {
      // step back one
      if (i > 0) i--;
      else {
        b--;
        if (b < 0) return;
        i = blocks[b].length - 1;
        if (i < 0) return;
      }
      if (b < from.b || (b === from.b && i < from.i)) return;
      yield blocks[b][i];
    }
  }

  start(): Pos {
    return { b: 0, i: 0 };
  }

  end(): Pos {
    return { b: this.blocks.length, i: 0 };
  }

  *all(): Generator<T> {
    for (const blk of this.blocks) yield* blk;
  }
}
