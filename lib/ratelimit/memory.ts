/**
 * In-memory sliding window (the "sliding window counter" Upstash uses too: the previous fixed window's count,
 * weighted by how much of it still overlaps the sliding window, plus the current window's count). One instance only;
 * the fallback when Upstash is not configured or not answering. Memory is bounded: old windows are swept.
 */
export type LimitResult = { success: boolean; limit: number; remaining: number; reset: number };

type Counter = { window: number; current: number; previous: number };

const MAX_KEYS = 100_000;

export class MemoryLimiter {
  private counters = new Map<string, Counter>();
  private lastSweep = 0;

  limit(key: string, limit: number, windowMs: number, now = Date.now()): LimitResult {
    const window = Math.floor(now / windowMs);
    let c = this.counters.get(key);
    if (!c) {
      c = { window, current: 0, previous: 0 };
      if (this.counters.size >= MAX_KEYS) this.sweep(now, windowMs, true);
      this.counters.set(key, c);
    } else if (c.window !== window) {
      c.previous = c.window === window - 1 ? c.current : 0;
      c.current = 0;
      c.window = window;
    }
    const elapsed = (now % windowMs) / windowMs;
    const used = Math.floor(c.previous * (1 - elapsed)) + c.current;
    const reset = (window + 1) * windowMs;
    if (used >= limit) return { success: false, limit, remaining: 0, reset };
    c.current++;
    if (now - this.lastSweep > 60_000) this.sweep(now, windowMs, false);
    return { success: true, limit, remaining: Math.max(0, limit - used - 1), reset };
  }

  /** Drops counters two windows old (or, when full, the oldest half). */
  private sweep(now: number, windowMs: number, force: boolean): void {
    this.lastSweep = now;
    const current = Math.floor(now / windowMs);
    for (const [key, c] of this.counters) if (c.window < current - 1) this.counters.delete(key);
    if (force && this.counters.size >= MAX_KEYS) {
      let n = 0;
      for (const key of this.counters.keys()) {
        if (n++ > MAX_KEYS / 2) break;
        this.counters.delete(key);
      }
    }
  }

  reset(): void {
    this.counters.clear();
  }
}
