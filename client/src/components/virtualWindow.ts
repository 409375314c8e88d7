/** Pure windowing arithmetic for `VirtualList` (kept apart so it can be tested without layout). */

/** Prefix sums: `offsets[i]` is the top of item i, `offsets[count]` the total height. */
export function buildOffsets(count: number, heightOf: (index: number) => number): number[] {
  const offsets = new Array<number>(count + 1);
  offsets[0] = 0;
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i] + heightOf(i);
  return offsets;
}

/** Index of the item containing pixel `y` (binary search over the offsets). */
export function indexAt(offsets: readonly number[], y: number): number {
  const count = offsets.length - 1;
  if (count <= 0) return 0;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (offsets[mid] <= y) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * The items to render: those intersecting `[scrollTop - overscan, scrollTop + viewport + overscan]`.
 * `end` is exclusive. An empty list gives `{ start: 0, end: 0 }`.
 */
export function findWindow(
  offsets: readonly number[],
  scrollTop: number,
  viewportHeight: number,
  overscanPx: number,
): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop - overscanPx);
  const bottom = scrollTop + Math.max(viewportHeight, 0) + overscanPx;
  const start = indexAt(offsets, top);
  const end = Math.min(count, indexAt(offsets, bottom) + 1);
  return { start, end: Math.max(end, start + 1) };
}
