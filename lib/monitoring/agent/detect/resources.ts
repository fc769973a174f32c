import type { Probe } from "@/lib/monitoring/health-probes";
import type { Levels } from "@/lib/monitoring/config";
import type { AlertType, Detector, Finding, Severity } from "../types";
import { levelOf } from "./levels";

/**
 * Threshold rules on this instance's process and dependencies (the health probes, measured at the cycle): CPU,
 * memory (V8 heap against its limit: the figure that ends in an out-of-memory crash), disk of the data directory,
 * event-loop delay, database, Redis, the rate limiter's fallback and the metrics pipeline.
 */
const probeWindow = "measured by the instance running the cycle";

function resource(p: Probe | undefined, key: string, label: string, levels: Levels, type: AlertType): Finding | null {
  const hit = levelOf(p?.value ?? null, levels);
  if (!p || !hit) return null;
  return {
    fingerprint: `threshold:${key}`,
    type,
    severity: hit.severity,
    title: `${label} ${hit.severity === "critical" ? "critical" : "high"}: ${p.value} ${p.unit}`,
    message: `${label} is at ${p.value} ${p.unit}, at or above the ${hit.severity} threshold of ${hit.threshold} ${p.unit} (${p.detail}).`,
    evidence: { metric: key, value: p.value, threshold: hit.threshold, unit: p.unit, window: probeWindow, detail: p.detail, levels },
  };
}

function dependency(p: Probe | undefined, severity: Severity, fingerprint: string, type: AlertType, title: string, why: string): Finding | null {
  if (!p) return null;
  return {
    fingerprint,
    type,
    severity,
    title,
    message: `${title}: ${p.detail}. ${why}`,
    evidence: { metric: p.name, value: p.value, status: p.status, unit: p.unit, window: probeWindow, detail: p.detail },
  };
}

/** This process: CPU, heap, event loop, its limiter's fallback and its metrics pipeline (not run by the CLI: its own process says nothing). */
export const processDetector: Detector = {
  name: "process",
  async run(ctx) {
    const probes = await ctx.inputs.health();
    const by = (name: string) => probes.find((p) => p.name === name);
    const t = ctx.config.thresholds;
    const out: (Finding | null)[] = [resource(by("cpu"), "cpu", "CPU", t.cpu, "system"), resource(by("heap"), "memory", "Memory (heap)", t.memory, "system")];
    const loop = by("event_loop");
    if (loop && loop.status !== "ok") out.push(dependency(loop, loop.status === "down" ? "critical" : "warning", "threshold:event_loop", "performance", "Event loop delayed", "Every request on this instance waits that long before it starts."));
    const limiter = by("rate_limiter");
    if (limiter?.status === "degraded") out.push(dependency(limiter, "warning", "dependency:rate_limiter", "application", "Rate limiter degraded", "Limits are counted per instance until the shared store answers again."));
    const flush = by("metrics_flush");
    if (flush?.status === "degraded") out.push(dependency(flush, "warning", "pipeline:metrics_flush", "application", "Request metrics not reaching the database", "Dashboards and request detectors see fewer requests than were served."));
    return out.filter((f): f is Finding => f !== null);
  },
};

/** Shared dependencies: the database, the data directory's disk, Redis. */
export const dependenciesDetector: Detector = {
  name: "dependencies",
  async run(ctx) {
    const probes = await ctx.inputs.health();
    const by = (name: string) => probes.find((p) => p.name === name);
    const out: (Finding | null)[] = [resource(by("disk"), "disk", "Disk usage", ctx.config.thresholds.disk, "system")];
    const db = by("database");
    if (db?.status === "down") out.push(dependency(db, "critical", "dependency:database", "database", "Database unreachable", "Every page and API call that reads data fails until it answers again."));
    else if (db?.status === "degraded") out.push(dependency(db, "warning", "dependency:database", "database", "Database slow", "Every request waits on it."));
    const disk = by("disk");
    if (disk?.status === "down" && disk.value === null) out.push(dependency(disk, "warning", "dependency:disk", "system", "Data directory unreadable", "Uploads and the embedded database live there."));
    const redis = by("redis");
    if (redis && redis.status !== "ok") out.push(dependency(redis, "warning", "dependency:redis", "application", `Redis ${redis.status === "down" ? "unreachable" : "slow"}`, "Rate limits fall back to per-instance memory."));
    return out.filter((f): f is Finding => f !== null);
  },
};
