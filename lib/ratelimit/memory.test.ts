import { describe, expect, it } from "vitest";
import { MemoryLimiter } from "./memory";

describe("MemoryLimiter (sliding window)", () => {
  it("allows up to the limit in a window, then refuses with remaining 0 and the reset time", () => {
    const m = new MemoryLimiter();
    const t0 = 1_000_000 * 60_000;
    for (let i = 0; i < 5; i++) expect(m.limit("k", 5, 60_000, t0 + i).success).toBe(true);
    const denied = m.limit("k", 5, 60_000, t0 + 10);
    expect(denied).toMatchObject({ success: false, remaining: 0, limit: 5 });
    expect(denied.reset).toBe(t0 + 60_000);
    expect(m.limit("other", 5, 60_000, t0 + 10).success).toBe(true);
  });

  it("slides: the previous window still counts in proportion to its overlap", () => {
    const m = new MemoryLimiter();
    const t0 = 2_000_000 * 60_000;
    for (let i = 0; i < 10; i++) m.limit("k", 10, 60_000, t0 + i);
    // a quarter into the next window, 75% of the previous 10 still count: 7 used, 3 left
    const at = t0 + 60_000 + 15_000;
    let allowed = 0;
    while (m.limit("k", 10, 60_000, at).success) allowed++;
    expect(allowed).toBe(3);
    // two windows later, everything is forgotten
    let later = 0;
    while (m.limit("k", 10, 60_000, t0 + 180_000).success) later++;
    expect(later).toBe(10);
  });
});
