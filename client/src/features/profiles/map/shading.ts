/**
 * Lower bounds of the map's shade classes for a maximum count `max` (districts per country): up to four
 * classes, e.g. max 1 → [1], max 3 → [1, 2, 3], max 12 → [1, 3, 6, 9]. Class i (1-based) holds counts from
 * bounds[i-1] up to bounds[i]-1; 0 districts is class 0 (unshaded).
 */
export function shadeBuckets(max: number): number[] {
  if (max <= 0) return [1];
  if (max <= 4) return Array.from({ length: max }, (_, i) => i + 1);
  const step = max / 4;
  const bounds = [1, Math.max(2, Math.ceil(step)), Math.ceil(step * 2), Math.ceil(step * 3)];
  return [...new Set(bounds)].sort((a, b) => a - b);
}

/** The shade class of `count` for `bounds` from shadeBuckets (0 = none). */
export function bucketOf(count: number, bounds: number[]): number {
  if (count <= 0) return 0;
  let bucket = 0;
  bounds.forEach((low, index) => {
    if (count >= low) bucket = index + 1;
  });
  return bucket;
}
