import { LATENCY_BOUNDS_MS } from "./latency-buckets";

export type Percentiles = { p50: number | null; p95: number | null; p99: number | null };

/**
 * The q-quantile (0 < q ≤ 1) of a bucketed histogram, interpolated linearly inside the bucket that holds it, as
 * Prometheus' histogram_quantile does: the bucket (lo, hi] is assumed evenly filled. The first bucket starts at 0.
 * A quantile that lands in the +Inf bucket answers that bucket's lower bound (10 000 ms): we only know "more than".
 * Null when the histogram is empty. The error is at most the width of the bucket holding the quantile.
 */
export function histogramQuantile(histogram: readonly number[], q: number, bounds: readonly number[] = LATENCY_BOUNDS_MS): number | null {
  let total = 0;
  for (const c of histogram) total += c > 0 ? c : 0;
  if (total === 0) return null;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let cumulative = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = Math.max(0, histogram[i] ?? 0);
    if (count === 0) continue;
    if (cumulative + count >= rank) {
      const lower = i === 0 ? 0 : bounds[i - 1] ?? bounds[bounds.length - 1] ?? 0;
      const upper = bounds[i];
      if (upper === undefined) return lower;
      return lower + (upper - lower) * Math.max(0, (rank - cumulative) / count);
    }
    cumulative += count;
  }
  return bounds[bounds.length - 1] ?? null;
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** p50, p95 and p99 in ms (one decimal) of a summed histogram. */
export function percentiles(histogram: readonly number[]): Percentiles {
  return {
    p50: round(histogramQuantile(histogram, 0.5)),
    p95: round(histogramQuantile(histogram, 0.95)),
    p99: round(histogramQuantile(histogram, 0.99)),
  };
}
