import { env } from "@/lib/env";
import { MemoryLimiter, type LimitResult } from "./memory";
import type { Policy } from "./policies";
import { UpstashBackend } from "./upstash";

export type Identity = { ip: string | null; userId: string | null; account: string | null; apiKey?: string | null };
export type Decision = LimitResult & { policy: string; degraded: boolean };

const RETRY_SHARED_AFTER_MS = 5_000;

type State = {
  memory: MemoryLimiter;
  upstash: UpstashBackend | null;
  /** While set and in the future, the shared store is skipped (it failed recently). */
  sharedDownUntil: number;
  failures: number;
  lastFailureAt: number;
  denials: Map<string, number>;
};

const g = globalThis as typeof globalThis & { __shopLimiter?: State };

function state(): State {
  if (!g.__shopLimiter) {
    const e = env();
    g.__shopLimiter = {
      memory: new MemoryLimiter(),
      upstash:
        e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN
          ? new UpstashBackend(e.UPSTASH_REDIS_REST_URL, e.UPSTASH_REDIS_REST_TOKEN, e.UPSTASH_TIMEOUT_MS)
          : null,
      sharedDownUntil: 0,
      failures: 0,
      lastFailureAt: 0,
      denials: new Map(),
    };
  }
  return g.__shopLimiter;
}

function identifier(p: Policy, id: Identity): string | null {
  if (p.key === "account") return id.account ? `acct:${id.account}` : null;
  if (p.key === "api_key") return id.apiKey ? `key:${id.apiKey}` : null;
  if (p.key === "user" && id.userId) return `user:${id.userId}`;
  return `ip:${id.ip ?? "unknown"}`;
}

async function checkOne(s: State, p: Policy, key: string): Promise<Decision> {
  const limit = p.limit * env().RATE_LIMIT_MULTIPLIER;
  if (s.upstash && Date.now() >= s.sharedDownUntil) {
    try {
      const r = await s.upstash.limit(p.name, key, limit, p.windowSeconds);
      if (r) return { ...r, policy: p.name, degraded: false };
    } catch {
      // counted below: the request is still answered, by the in-memory limiter
    }
    s.failures++;
    s.lastFailureAt = Date.now();
    s.sharedDownUntil = Date.now() + RETRY_SHARED_AFTER_MS;
  }
  const r = s.memory.limit(`${p.name}|${key}`, limit, p.windowSeconds * 1000);
  return { ...r, policy: p.name, degraded: s.upstash !== null };
}

/**
 * Checks every policy that applies; the first refusal wins, else the tightest remaining budget is reported.
 * Returns null when no policy applies.
 */
export async function checkLimits(policies: Policy[], id: Identity): Promise<Decision | null> {
  const s = state();
  let tightest: Decision | null = null;
  for (const p of policies) {
    const key = identifier(p, id);
    if (!key) continue;
    const d = await checkOne(s, p, key);
    if (!d.success) {
      const denialKey = `${p.name}|${id.ip ?? "unknown"}`;
      s.denials.set(denialKey, (s.denials.get(denialKey) ?? 0) + 1);
      return d;
    }
    if (!tightest || d.remaining < tightest.remaining) tightest = d;
  }
  return tightest;
}

/** What the limiter went through since the last call: shared-store failures and denials (then reset). */
export function drainLimiterEvents(): { degraded: boolean; failures: number; lastFailureAt: number; denials: [string, number][] } {
  const s = state();
  const out = {
    degraded: s.upstash !== null && Date.now() < s.sharedDownUntil,
    failures: s.failures,
    lastFailureAt: s.lastFailureAt,
    denials: [...s.denials.entries()],
  };
  s.failures = 0;
  s.denials = new Map();
  return out;
}

/** The shared store, when configured (IP blocks). */
export function sharedStore() {
  return state().upstash?.store ?? null;
}

/** Tests only. */
export function resetLimiterForTests(): void {
  g.__shopLimiter = undefined;
}
