import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import type { LimitResult } from "./memory";

/**
 * The shared backend: @upstash/ratelimit's sliding window on Upstash Redis (or a serverless-redis-http server in
 * front of any Redis). No retries and a short timeout: a slow or dead store must never stall a request; the caller
 * falls back to the in-memory limiter and reports the failure.
 */
export class UpstashBackend {
  private readonly redis: Redis;
  private readonly limiters = new Map<string, Ratelimit>();

  constructor(url: string, token: string, private readonly timeoutMs: number) {
    this.redis = new Redis({ url, token, retry: false, enableTelemetry: false });
  }

  private limiter(name: string, limit: number, windowSeconds: number): Ratelimit {
    const id = `${name}:${limit}:${windowSeconds}`;
    let l = this.limiters.get(id);
    if (!l) {
      l = new Ratelimit({
        redis: this.redis,
        limiter: Ratelimit.slidingWindow(limit, `${windowSeconds} s`),
        prefix: `rl:${name}`,
        timeout: this.timeoutMs,
        analytics: false,
        // identifiers already over the limit are refused locally until their window resets
        ephemeralCache: new Map(),
      });
      this.limiters.set(id, l);
    }
    return l;
  }

  /** The store's verdict, or null when it did not answer in time or failed. */
  async limit(name: string, key: string, limit: number, windowSeconds: number): Promise<LimitResult | null> {
    const r = await this.limiter(name, limit, windowSeconds).limit(key);
    if (r.reason === "timeout") return null;
    return { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset };
  }

  /** Shared key-value store (IP blocks placed by the monitoring agent). */
  get store(): Redis {
    return this.redis;
  }
}
