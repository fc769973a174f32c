import { statfs } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { getDbHandle } from "@/db/client";
import { checkDatabase } from "@/lib/health";
import { env } from "@/lib/env";
import { limiterHealth } from "@/lib/ratelimit/events";
import { cpuPercent, eventLoopDelay } from "./process-sampling";
import { requestMetrics } from "./request-metrics";

/**
 * Process and dependency health, measured on this instance when called. Each probe answers, never throws:
 * status "down" for an unreachable dependency or a resource at or above its critical level, "degraded" for slow or
 * at or above its warning level (the original's defaults: CPU 70/90 %, memory 80/95 %, disk 85/95 %).
 */
export type ProbeStatus = "ok" | "degraded" | "down";
export type Probe = { name: string; status: ProbeStatus; value: number | null; unit: string; detail: string };

const MB = 1024 * 1024;
const DB_TIMEOUT_MS = 2000;
const DB_SLOW_MS = 500;
const REDIS_TIMEOUT_MS = 2000;
const LOOP_WARN_MS = 100;
const LOOP_CRIT_MS = 1000;

const round1 = (v: number) => Math.round(v * 10) / 10;
const byLevel = (v: number, warn: number, crit: number): ProbeStatus => (v >= crit ? "down" : v >= warn ? "degraded" : "ok");

export function eventLoopProbe(): Probe {
  const r = eventLoopDelay();
  if (!r) return { name: "event_loop", status: "ok", value: null, unit: "ms", detail: "no sample yet" };
  return {
    name: "event_loop",
    status: byLevel(r.p99Ms, LOOP_WARN_MS, LOOP_CRIT_MS),
    value: round1(r.p99Ms),
    unit: "ms",
    detail: `p99 event-loop delay over ${r.windowSeconds} s (max ${round1(r.maxMs)} ms, mean ${round1(r.meanMs)} ms, ${r.samples} samples)`,
  };
}

/** Heap used as a share of V8's heap limit: the figure that ends in an out-of-memory crash. */
export function heapProbe(): Probe {
  const m = process.memoryUsage();
  const limit = v8.getHeapStatistics().heap_size_limit;
  const percent = (m.heapUsed / limit) * 100;
  return {
    name: "heap",
    status: byLevel(percent, 80, 95),
    value: round1(percent),
    unit: "%",
    detail: `heap used ${round1(m.heapUsed / MB)} MB of ${round1(m.heapTotal / MB)} MB allocated, limit ${round1(limit / MB)} MB`,
  };
}

/** Resident memory against the container's limit when there is one (cgroup), else the machine's memory. */
export function rssProbe(): Probe {
  const rss = process.memoryUsage.rss();
  const constrained = typeof process.constrainedMemory === "function" ? process.constrainedMemory() ?? 0 : 0;
  const total = constrained > 0 && constrained < os.totalmem() ? constrained : os.totalmem();
  const percent = (rss / total) * 100;
  return {
    name: "rss",
    status: byLevel(percent, 80, 95),
    value: round1(rss / MB),
    unit: "MB",
    detail: `${round1(percent)} % of ${round1(total / MB)} MB (${constrained > 0 && total === constrained ? "container limit" : "machine memory"})`,
  };
}

export function cpuProbe(): Probe {
  const r = cpuPercent();
  if (!r) return { name: "cpu", status: "ok", value: null, unit: "%", detail: "first reading: no interval yet" };
  return {
    name: "cpu",
    status: byLevel(r.percent, 70, 90),
    value: r.percent,
    unit: "%",
    detail: `process CPU over the last ${r.windowSeconds} s, 100 % = one core busy (${os.availableParallelism()} cores available)`,
  };
}

export async function databaseProbe(): Promise<Probe> {
  let kind = "database";
  try {
    kind = getDbHandle().kind === "pglite" ? "embedded PGlite" : "PostgreSQL";
  } catch {
    // not openable (build phase, bad configuration): checkDatabase reports it down
  }
  const r = await checkDatabase(DB_TIMEOUT_MS);
  if (!r.ok) return { name: "database", status: "down", value: r.latencyMs, unit: "ms", detail: `${kind}: no answer to select 1 within ${DB_TIMEOUT_MS} ms or an error` };
  return {
    name: "database",
    status: r.latencyMs >= DB_SLOW_MS ? "degraded" : "ok",
    value: r.latencyMs,
    unit: "ms",
    detail: `${kind}: select 1 round trip`,
  };
}

/** PING on the Upstash REST endpoint (Upstash or serverless-redis-http), bounded; slower than the limiter's own timeout is degraded. */
export async function redisProbe(): Promise<Probe> {
  const e = env();
  if (!e.UPSTASH_REDIS_REST_URL || !e.UPSTASH_REDIS_REST_TOKEN) {
    return { name: "redis", status: "ok", value: null, unit: "ms", detail: "not configured — in-memory limiter (limits are per instance)" };
  }
  const started = performance.now();
  try {
    const res = await fetch(e.UPSTASH_REDIS_REST_URL, {
      method: "POST",
      headers: { authorization: `Bearer ${e.UPSTASH_REDIS_REST_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(["PING"]),
      signal: AbortSignal.timeout(REDIS_TIMEOUT_MS),
      cache: "no-store",
    });
    const ms = Math.round(performance.now() - started);
    const body = (await res.json().catch(() => null)) as { result?: unknown } | null;
    if (!res.ok || body?.result !== "PONG") return { name: "redis", status: "down", value: ms, unit: "ms", detail: `Upstash REST answered HTTP ${res.status} without PONG` };
    const slow = ms > e.UPSTASH_TIMEOUT_MS;
    return { name: "redis", status: slow ? "degraded" : "ok", value: ms, unit: "ms", detail: slow ? `PING slower than the limiter's ${e.UPSTASH_TIMEOUT_MS} ms timeout` : "PING answered" };
  } catch {
    return { name: "redis", status: "down", value: Math.round(performance.now() - started), unit: "ms", detail: `Upstash REST unreachable or no answer within ${REDIS_TIMEOUT_MS} ms` };
  }
}

/** The limiter's circuit breaker as the middleware last reported it (every 10 s while it sees traffic). */
export function limiterProbe(): Probe {
  const h = limiterHealth();
  const configured = Boolean(env().UPSTASH_REDIS_REST_URL);
  const reported = h.reportedAt === null ? "no report from the middleware yet" : `last report ${Math.round((Date.now() - h.reportedAt) / 1000)} s ago`;
  const last = h.lastFailureAt === null ? "" : `, last shared-store failure ${new Date(h.lastFailureAt).toISOString()}`;
  return {
    name: "rate_limiter",
    status: h.degraded ? "degraded" : "ok",
    value: h.failuresTotal,
    unit: "failures",
    detail: `${configured ? (h.degraded ? "shared store skipped: the in-memory fallback answers" : "shared store in use") : "in-memory limiter"}; ${h.denialsTotal} denials reported; ${reported}${last}`,
  };
}

/** Used space of the filesystem holding DATA_DIR (the nearest existing parent if it does not exist yet), as df counts it. */
export async function diskProbe(): Promise<Probe> {
  let dir = path.resolve(env().DATA_DIR);
  for (;;) {
    try {
      const s = await statfs(dir);
      const used = (s.blocks - s.bfree) * s.bsize;
      const usable = used + s.bavail * s.bsize;
      const percent = usable > 0 ? (used / usable) * 100 : 0;
      return {
        name: "disk",
        status: byLevel(percent, 85, 95),
        value: round1(percent),
        unit: "%",
        detail: `${round1((s.bavail * s.bsize) / MB / 1024)} GB free on the filesystem of the data directory`,
      };
    } catch (error) {
      const parent = path.dirname(dir);
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || parent === dir) {
        return { name: "disk", status: "down", value: null, unit: "%", detail: "the data directory's filesystem could not be read" };
      }
      dir = parent;
    }
  }
}

/** Monitoring's own pipeline: counts waiting for the database, and any dropped. */
export function metricsFlushProbe(): Probe {
  const s = requestMetrics().stats();
  const since = s.lastFlushAt === null ? "no flush yet" : `last flush ${Math.round((Date.now() - s.lastFlushAt) / 1000)} s ago`;
  return {
    name: "metrics_flush",
    status: s.droppedRequests > 0 || s.lastFlushError ? "degraded" : "ok",
    value: s.pendingKeys,
    unit: "keys pending",
    detail: `${since}; ${s.flushFailures} failed flushes; ${s.droppedRequests} requests dropped at the backlog cap${s.lastFlushError ? "; last flush failed" : ""}`,
  };
}

async function safe(name: string, probe: () => Probe | Promise<Probe>): Promise<Probe> {
  try {
    return await probe();
  } catch {
    return { name, status: "down", value: null, unit: "", detail: "the probe failed" };
  }
}

/** Every probe, concurrently. */
export function collectHealth(): Promise<Probe[]> {
  return Promise.all([
    safe("event_loop", eventLoopProbe),
    safe("cpu", cpuProbe),
    safe("heap", heapProbe),
    safe("rss", rssProbe),
    safe("database", databaseProbe),
    safe("redis", redisProbe),
    safe("rate_limiter", limiterProbe),
    safe("disk", diskProbe),
    safe("metrics_flush", metricsFlushProbe),
  ]);
}
