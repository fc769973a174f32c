import { lt } from "drizzle-orm";
import { db } from "@/db/client";
import { healthSnapshots, metricBuckets } from "@/db/schema";

/** The dashboard's longest range is 7 days: request metrics are kept 8, health snapshots (one per cycle) 30. */
export const METRICS_RETENTION_DAYS = 8;
export const SNAPSHOT_RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;

/** Deletes monitoring rows past their retention; run by each agent cycle, so the tables stay bounded. */
export async function pruneMonitoringData(now: Date): Promise<{ metric_buckets: number; health_snapshots: number }> {
  const buckets = await db()
    .delete(metricBuckets)
    .where(lt(metricBuckets.minute, new Date(now.getTime() - METRICS_RETENTION_DAYS * DAY_MS)))
    .returning({ minute: metricBuckets.minute });
  const snapshots = await db()
    .delete(healthSnapshots)
    .where(lt(healthSnapshots.timestamp, new Date(now.getTime() - SNAPSHOT_RETENTION_DAYS * DAY_MS)))
    .returning({ id: healthSnapshots.id });
  return { metric_buckets: buckets.length, health_snapshots: snapshots.length };
}
