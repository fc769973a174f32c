import { describe, expect, it } from "vitest";
import { bucketIndex, emptyHistogram, HISTOGRAM_SIZE, LATENCY_BOUNDS_MS } from "./latency-buckets";
import { histogramQuantile, percentiles } from "./percentiles";

function histogramOf(latencies: number[]): number[] {
  const h = emptyHistogram();
  for (const ms of latencies) h[bucketIndex(ms)]!++;
  return h;
}

describe("latency buckets", () => {
  it("puts each latency in the first bucket whose upper bound is at least it (bounds inclusive)", () => {
    expect(HISTOGRAM_SIZE).toBe(LATENCY_BOUNDS_MS.length + 1);
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(5)).toBe(0);
    expect(bucketIndex(5.01)).toBe(1);
    expect(bucketIndex(100)).toBe(4);
    expect(bucketIndex(10_000)).toBe(10);
    expect(bucketIndex(10_001)).toBe(11);
    expect(bucketIndex(-3)).toBe(0);
    expect(bucketIndex(Number.NaN)).toBe(0);
  });
});

describe("histogramQuantile", () => {
  it("is null for an empty histogram", () => {
    expect(histogramQuantile(emptyHistogram(), 0.5)).toBeNull();
    expect(percentiles(emptyHistogram())).toEqual({ p50: null, p95: null, p99: null });
  });

  it("interpolates linearly inside the bucket holding the rank", () => {
    // 100 requests all in (50, 100]: the median is halfway through the bucket
    const h = emptyHistogram();
    h[4] = 100;
    expect(histogramQuantile(h, 0.5)).toBeCloseTo(75);
    expect(histogramQuantile(h, 0.95)).toBeCloseTo(97.5);
    expect(histogramQuantile(h, 1)).toBeCloseTo(100);
  });

  it("starts the first bucket at 0", () => {
    const h = emptyHistogram();
    h[0] = 10;
    expect(histogramQuantile(h, 0.5)).toBeCloseTo(2.5);
  });

  it("matches a known two-bucket distribution", () => {
    // 90 fast (≤ 5 ms) and 10 slow (1000–2500 ms): p50 in the first bucket, p95 and p99 in the slow one
    const h = histogramOf([...Array<number>(90).fill(3), ...Array<number>(10).fill(2000)]);
    const p = percentiles(h);
    expect(p.p50).toBeCloseTo((50 / 90) * 5, 1);
    expect(p.p95).toBeCloseTo(1000 + 1500 * 0.5, 1);
    expect(p.p99).toBeCloseTo(1000 + 1500 * 0.9, 1);
  });

  it("stays within the true value's bucket for a uniform distribution", () => {
    const latencies = Array.from({ length: 1000 }, (_, i) => (i + 1) * 2); // 2 … 2000 ms, uniform
    const h = histogramOf(latencies);
    for (const q of [0.5, 0.95, 0.99]) {
      const truth = latencies[Math.ceil(q * latencies.length) - 1]!;
      const estimate = histogramQuantile(h, q)!;
      expect(bucketIndex(estimate)).toBe(bucketIndex(truth));
    }
  });

  it("answers the highest finite bound when the rank lands in the +Inf bucket", () => {
    const h = histogramOf([20_000, 30_000]);
    expect(histogramQuantile(h, 0.99)).toBe(10_000);
  });

  it("skips empty buckets before the rank", () => {
    const h = histogramOf([1, 600, 700, 800]); // one in [0,5], three in (500,1000]
    expect(histogramQuantile(h, 0.5)).toBeCloseTo(500 + 500 * (1 / 3));
  });
});
