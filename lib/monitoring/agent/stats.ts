/**
 * Robust anomaly scoring against a trailing baseline: median and MAD (median absolute deviation), which a few
 * past spikes in the baseline do not drag along the way a mean and standard deviation would.
 *
 *   robust z = (value - median) / scale,  scale = max(1.4826 × MAD, minScale)
 *
 * 1.4826 × MAD estimates the standard deviation of normal noise. `minScale` keeps a flat baseline (MAD = 0) from
 * turning any change into an infinite score; an anomaly also needs an absolute change of at least `minDelta`, so
 * "3 requests instead of 1" is never one however quiet the shop was.
 */
export type Direction = "up" | "down";
export type Baseline = { median: number; mad: number; scale: number; samples: number };
export type Anomaly = Baseline & { value: number; z: number; delta: number; direction: Direction };

export function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function baseline(values: readonly number[], minScale: number): Baseline {
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  return { median: m, mad, scale: Math.max(1.4826 * mad, minScale), samples: values.length };
}

export type AnomalyOptions = {
  /** Robust z-score needed (in the direction). */
  z: number;
  /** Absolute change from the median needed. */
  minDelta: number;
  /** The scale's floor (in the metric's unit). */
  minScale: number;
  direction: Direction;
  /** Fewer baseline points than this: no verdict. */
  minSamples: number;
};

/** The anomaly if `value` departs from the baseline in `direction` by both the z-score and the absolute floor. */
export function detectAnomaly(history: readonly number[], value: number, o: AnomalyOptions): Anomaly | null {
  if (history.length < o.minSamples || !Number.isFinite(value)) return null;
  const b = baseline(history, o.minScale);
  const delta = value - b.median;
  const z = delta / b.scale;
  const hit = o.direction === "up" ? z >= o.z && delta >= o.minDelta : z <= -o.z && -delta >= o.minDelta;
  if (!hit) return null;
  return { ...b, value, z: Math.round(z * 100) / 100, delta, direction: o.direction };
}
