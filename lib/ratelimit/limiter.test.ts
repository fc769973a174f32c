import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { checkLimits, drainLimiterEvents, resetLimiterForTests } from "@/lib/ratelimit/limiter";
import { POLICIES, policy, type PolicyName } from "@/lib/ratelimit/policies";
import { startUpstashLocal } from "@/scripts/upstash-local";

/**
 * Every named policy on both backends: the in-memory sliding window, and @upstash/ratelimit through the local
 * Upstash REST server on the real Redis at 127.0.0.1:6379. Each policy allows exactly its limit, then refuses.
 */
const run = randomBytes(4).toString("hex");
let close: (() => Promise<void>) | undefined;

function useBackend(kind: "memory" | "upstash") {
  process.env.UPSTASH_REDIS_REST_URL = kind === "upstash" ? "http://127.0.0.1:8093" : "";
  process.env.UPSTASH_REDIS_REST_TOKEN = kind === "upstash" ? "backend-test" : "";
  resetEnvForTests();
  resetLimiterForTests();
}

beforeAll(async () => {
  close = (await startUpstashLocal({ port: 8093, redisUrl: "redis://127.0.0.1:6379", token: "backend-test" })).close;
});

afterAll(async () => {
  useBackend("memory");
  await close?.();
});

describe.each(["memory", "upstash"] as const)("%s backend", (kind) => {
  it.each(Object.keys(POLICIES) as PolicyName[])("%s allows exactly its limit, then refuses", async (name) => {
    useBackend(kind);
    const p = policy(name);
    // identifiers unique to this run and policy, so the shared Redis holds no earlier counts for them
    const id = { ip: `198.51.100.7-${run}-${name}`, userId: `u-${run}-${name}`, account: `a-${run}-${name}`, apiKey: `k-${run}-${name}` };
    let allowed = 0;
    let last = null;
    for (let i = 0; i <= p.limit; i++) {
      last = await checkLimits([p], id);
      if (last?.success) allowed++;
    }
    expect(allowed).toBe(p.limit);
    expect(last).toMatchObject({ success: false, remaining: 0, limit: p.limit, policy: name, degraded: false });
    expect(last!.reset).toBeGreaterThan(Date.now());
  });
});

describe("shared store failure", () => {
  it("falls back to memory at once when the store does not answer, and reports it", async () => {
    process.env.UPSTASH_REDIS_REST_URL = "http://127.0.0.1:1"; // nothing listens there
    process.env.UPSTASH_REDIS_REST_TOKEN = "x";
    resetEnvForTests();
    resetLimiterForTests();
    const started = Date.now();
    const d = await checkLimits([policy("auth.login.ip")], { ip: "192.0.2.1", userId: null, account: null });
    expect(d).toMatchObject({ success: true, degraded: true });
    expect(Date.now() - started).toBeLessThan(2_000);
    const events = drainLimiterEvents();
    expect(events.failures).toBe(1);
    expect(events.degraded).toBe(true);
  });
});
