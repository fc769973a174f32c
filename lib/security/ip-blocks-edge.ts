import { internalAuthHeader, internalBaseUrl } from "./internal-auth";

/**
 * IP blocks (and temporary rate-limit overrides) as the edge sees them: a set kept in memory and refreshed in the background from this instance's own
 * handler (which reads the shared database) at most every few seconds. Checking an IP is a set lookup: no database,
 * no network on the request's path. A new block reaches every instance within REFRESH_MS.
 */
const REFRESH_MS = 3_000;
import { IP_BLOCKS_PATH } from "./internal-paths";

type Cache = { ips: Set<string>; overrides: Map<string, number>; fetchedAt: number; inflight: Promise<void> | null };
const g = globalThis as typeof globalThis & { __shopIpBlocks?: Cache };
const cache = (g.__shopIpBlocks ??= { ips: new Set(), overrides: new Map(), fetchedAt: 0, inflight: null });

export function isIpBlocked(ip: string | null): boolean {
  return ip !== null && cache.ips.has(ip);
}

/**
 * A policy with any temporary lower limit an administrator approved (the monitoring agent's tighten_rate_limit),
 * received with the same poll. Never higher than the table's limit.
 */
export function withOverride<P extends { name: string; limit: number }>(policy: P): P {
  const limit = cache.overrides.get(policy.name);
  return limit !== undefined && limit < policy.limit ? { ...policy, limit: Math.max(1, limit) } : policy;
}

/** Starts a refresh when the list is stale; returns the promise to hand to waitUntil (or null). */
export function refreshIpBlocks(now = Date.now()): Promise<void> | null {
  if (cache.inflight || now - cache.fetchedAt < REFRESH_MS) return null;
  cache.fetchedAt = now;
  cache.inflight = (async () => {
    try {
      const res = await fetch(`${internalBaseUrl()}${IP_BLOCKS_PATH}`, {
        headers: { "x-internal-auth": await internalAuthHeader(IP_BLOCKS_PATH) },
        signal: AbortSignal.timeout(2_000),
      });
      if (res.ok) {
        const body = (await res.json()) as { ips?: unknown; policy_overrides?: unknown };
        if (Array.isArray(body.ips)) cache.ips = new Set(body.ips.filter((x): x is string => typeof x === "string"));
        if (body.policy_overrides && typeof body.policy_overrides === "object") {
          const entries = Object.entries(body.policy_overrides as Record<string, unknown>);
          cache.overrides = new Map(entries.filter((e): e is [string, number] => Number.isInteger(e[1]) && (e[1] as number) > 0));
        }
      }
    } catch {
      // keep the last known list; the next request retries after REFRESH_MS
    } finally {
      cache.inflight = null;
    }
  })();
  return cache.inflight;
}
