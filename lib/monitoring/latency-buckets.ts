/**
 * Fixed latency buckets shared by every instance, so histograms add up element-wise across instances and minutes.
 * Upper bounds in ms, inclusive ("le" like Prometheus): bucket i counts latencies in (BOUNDS[i-1], BOUNDS[i]],
 * bucket 0 counts [0, 5], and the last bucket (index BOUNDS.length) counts everything above 10 000 ms (+Inf).
 * Changing the bounds changes the meaning of stored rows: append only, never reorder.
 */
export const LATENCY_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

/** Number of buckets in a histogram: one per bound plus the +Inf bucket. */
export const HISTOGRAM_SIZE = LATENCY_BOUNDS_MS.length + 1;

/** The bucket a latency falls into. */
export function bucketIndex(ms: number): number {
  const v = Number.isFinite(ms) && ms > 0 ? ms : 0;
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) if (v <= LATENCY_BOUNDS_MS[i]!) return i;
  return LATENCY_BOUNDS_MS.length;
}

export function emptyHistogram(): number[] {
  return new Array<number>(HISTOGRAM_SIZE).fill(0);
}

/** Element-wise sum (tolerates different lengths: missing buckets count as 0). */
export function addHistograms(into: number[], other: readonly number[]): number[] {
  for (let i = 0; i < other.length; i++) into[i] = (into[i] ?? 0) + (other[i] ?? 0);
  return into;
}
