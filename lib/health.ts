import { sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";

/** GET /api/health/ (liveness), as documented: load balancers read it, so the body is exactly this. */
export const livenessSchema = z.object({
  status: z.literal("ok"),
  uptime_seconds: z.number().int().min(0).describe("Since this instance's process started"),
});

/** GET /api/health/ready/ (readiness), as documented; when the database does not answer, a 503 problem instead. */
export const readinessSchema = z.object({
  status: z.literal("ready"),
  checks: z.object({ database: z.literal("ok") }),
  database_latency_ms: z.number().int().min(0).describe("One round trip (select 1)"),
});

/** One round trip to the database, bounded by `timeoutMs`. */
export async function checkDatabase(timeoutMs = 2000): Promise<{ ok: boolean; latencyMs: number }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      db().execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database check timed out")), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}
