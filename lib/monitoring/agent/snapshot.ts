import { sql } from "drizzle-orm";
import { db, queryRows } from "@/db/client";
import { healthSnapshots } from "@/db/schema";
import type { Probe, ProbeStatus } from "@/lib/monitoring/health-probes";
import type { WindowTotals } from "./window-totals";
import type { CycleContext, OverallStatus } from "./types";

const SERVICE: Record<ProbeStatus, string> = { ok: "operational", degraded: "degraded", down: "down" };
const RANK: Record<ProbeStatus, number> = { ok: 0, degraded: 1, down: 2 };

async function settled<T>(p: () => Promise<T>): Promise<T | null> {
  try {
    return await p();
  } catch {
    return null;
  }
}

/**
 * The overall status: critical while a critical (or emergency) alert is open; unhealthy while a dependency probe is
 * down; degraded with an open warning or a degraded probe; healthy otherwise.
 */
export function overallStatus(worstAlert: string | null, probes: Probe[]): OverallStatus {
  if (worstAlert === "critical" || worstAlert === "emergency") return "critical";
  if (probes.some((p) => p.status === "down")) return "unhealthy";
  if (worstAlert === "warning" || probes.some((p) => p.status === "degraded")) return "degraded";
  return "healthy";
}

/** Writes this cycle's health_snapshots row (probe values, request figures, open counts) and returns it. */
export async function writeSnapshot(ctx: CycleContext, metadata: Record<string, unknown>): Promise<{ id: number; status: OverallStatus }> {
  const probes = (await settled(() => ctx.inputs.health())) ?? [];
  const totals: WindowTotals | null = await settled(() => ctx.inputs.recentTotals());
  const [counts] = await queryRows<{ open: string | number; critical: string | number; worst: string | null; incidents: string | number }>(
    db(),
    sql`select
          (select count(*) from alerts where status in ('active', 'acknowledged')) as open,
          (select count(*) from alerts where status in ('active', 'acknowledged') and severity in ('critical', 'emergency')) as critical,
          (select severity from alerts where status in ('active', 'acknowledged')
            order by case severity when 'emergency' then 3 when 'critical' then 2 when 'warning' then 1 else 0 end desc limit 1) as worst,
          (select count(*) from incidents where status in ('open', 'investigating')) as incidents`,
  );
  const by = (name: string) => probes.find((p) => p.name === name);
  const cache = [by("redis"), by("rate_limiter")].reduce<ProbeStatus>((w, p) => (p && RANK[p.status] > RANK[w] ? p.status : w), "ok");
  const { errorRate } = ctx.config.thresholds;
  const rate = totals?.errorRate ?? 0;
  const status = overallStatus(counts?.worst ?? null, probes);
  const [row] = await db()
    .insert(healthSnapshots)
    .values({
      overallStatus: status,
      apiStatus: rate >= errorRate.crit ? "down" : rate >= errorRate.warn ? "degraded" : "operational",
      databaseStatus: SERVICE[by("database")?.status ?? "ok"],
      cacheStatus: SERVICE[cache],
      cpuUsage: by("cpu")?.value ?? 0,
      memoryUsage: by("heap")?.value ?? 0,
      diskUsage: by("disk")?.value ?? 0,
      avgResponseTime: totals?.avgMs ?? 0,
      errorRate: rate,
      activeAlertsCount: Number(counts?.open ?? 0),
      criticalAlertsCount: Number(counts?.critical ?? 0),
      activeIncidentsCount: Number(counts?.incidents ?? 0),
      metadata: { ...metadata, probes, requests: totals, memory_basis: "V8 heap used as % of its limit" },
      timestamp: ctx.now,
    })
    .returning({ id: healthSnapshots.id });
  return { id: row!.id, status };
}
