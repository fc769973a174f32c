import { describe, expect, it } from "vitest";
import { stepStarts, windowFor } from "./window";

describe("windowFor", () => {
  const now = new Date("2025-06-01T12:34:56Z");

  it("groups coarser for longer windows, each point a whole step", () => {
    const h = windowFor("1h", now);
    expect(h.stepSeconds).toBe(60);
    expect(h.to.toISOString()).toBe("2025-06-01T12:35:00.000Z");
    expect(stepStarts(h)).toHaveLength(60);
    expect(stepStarts(windowFor("24h", now))).toHaveLength(144);
    expect(stepStarts(windowFor("7d", now))).toHaveLength(168);
  });
});
