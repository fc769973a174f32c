import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff";

describe("webhook retry backoff", () => {
  it("doubles from the base per attempt, within ±20 % jitter", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 1e9, mid))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(3, 1000, 1e9, () => 0)).toBe(3200);
    expect(retryDelayMs(3, 1000, 1e9, () => 0.999999)).toBe(4800);
  });

  it("never exceeds the cap, even with jitter or a huge attempt number", () => {
    expect(retryDelayMs(30, 1000, 60_000, () => 0.999999)).toBe(60_000);
    expect(retryDelayMs(1000, 30_000, 21_600_000, () => 0.5)).toBe(21_600_000);
    expect(retryDelayMs(1, 10, 1e9, () => 0)).toBe(8);
  });
});
