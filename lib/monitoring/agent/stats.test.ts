import { describe, expect, it } from "vitest";
import { baseline, detectAnomaly, median } from "./stats";

/** A deterministic pseudo-random stream (LCG), so the "noise" is the same on every run. */
function noise(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** Requests per minute around `mean` with Poisson-like noise (normal approximation, sd = √mean). */
function traffic(mean: number, minutes: number, seed = 7): number[] {
  const r = noise(seed);
  return Array.from({ length: minutes }, () => {
    const gaussian = Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
    return Math.max(0, Math.round(mean + gaussian * Math.sqrt(mean)));
  });
}

const up = { z: 4, minDelta: 50, minScale: 1, direction: "up" as const, minSamples: 10 };

describe("median and MAD baseline", () => {
  it("computes median and MAD, ignoring a few outliers", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const b = baseline([10, 10, 11, 9, 10, 500], 0.5);
    expect(b.median).toBe(10);
    expect(b.mad).toBe(0.5);
    expect(b.scale).toBeCloseTo(0.7413, 3);
  });
});

describe("detectAnomaly", () => {
  it("flags a spike against a flat baseline, with the numbers that explain it", () => {
    const flat = new Array<number>(60).fill(100);
    const a = detectAnomaly(flat, 400, up);
    expect(a).not.toBeNull();
    expect(a!.median).toBe(100);
    expect(a!.mad).toBe(0);
    expect(a!.delta).toBe(300);
    expect(a!.z).toBe(300); // scale floored at minScale = 1
  });

  it("does not flag normal noise, over many minutes of it", () => {
    const history = traffic(200, 60, 11);
    for (const value of traffic(200, 200, 99)) expect(detectAnomaly(history, value, up)).toBeNull();
  });

  it("flags a real spike on top of noise", () => {
    const history = traffic(200, 60, 11);
    const a = detectAnomaly(history, 600, up);
    expect(a?.z).toBeGreaterThan(10);
  });

  it("needs the absolute floor too: a blip on a quiet baseline is not an anomaly", () => {
    const quiet = new Array<number>(60).fill(0);
    expect(detectAnomaly(quiet, 3, up)).toBeNull();
    expect(detectAnomaly(quiet, 60, up)).not.toBeNull();
  });

  it("detects drops only when asked, and refuses a verdict on too short a history", () => {
    const flat = new Array<number>(60).fill(300);
    expect(detectAnomaly(flat, 10, up)).toBeNull();
    expect(detectAnomaly(flat, 10, { ...up, direction: "down" })?.direction).toBe("down");
    expect(detectAnomaly([300, 300], 10, { ...up, direction: "down" })).toBeNull();
  });
});
