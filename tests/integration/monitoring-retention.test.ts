import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { healthSnapshots, metricBuckets } from "@/db/schema";
import { runAgentCycle } from "@/lib/monitoring/agent/cycle";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

const DAY = 86_400_000;
const bucket = (minute: Date, route: string) => ({ minute, route, method: "GET", statusClass: "2xx", count: 1, errors: 0, latencySumMs: 5, latencyHistogram: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
const snapshot = (timestamp: Date) => ({ overallStatus: "healthy", apiStatus: "healthy", databaseStatus: "healthy", cacheStatus: "healthy", timestamp });

describe("monitoring data retention", () => {
  it("an agent cycle deletes request metrics older than 8 days and snapshots older than 30, keeping the rest", async () => {
    const now = new Date();
    now.setUTCSeconds(0, 0);
    await db().insert(metricBuckets).values([bucket(new Date(now.getTime() - 9 * DAY), "/api/old/"), bucket(new Date(now.getTime() - 6 * DAY), "/api/recent/")]);
    await db().insert(healthSnapshots).values([snapshot(new Date(now.getTime() - 31 * DAY)), snapshot(new Date(now.getTime() - 29 * DAY))]);
    const result = await runAgentCycle({ trigger: "manual", now });
    expect(result.ran).toBe(true);
    expect((await db().select({ route: metricBuckets.route }).from(metricBuckets)).map((r) => r.route)).toEqual(["/api/recent/"]);
    const kept = await db().select({ t: healthSnapshots.timestamp }).from(healthSnapshots);
    expect(kept.every((r) => r.t.getTime() > now.getTime() - 30 * DAY)).toBe(true);
    expect(kept.length).toBeGreaterThanOrEqual(2); // the 29-day-old one and this cycle's own
  });
});
