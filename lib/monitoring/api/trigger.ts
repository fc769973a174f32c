import "server-only";
import { z } from "zod";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import { runAgentCycle } from "@/lib/monitoring/agent/cycle";
import { isoTimestamp } from "@/lib/openapi/doc";
import type { RequestMeta } from "@/lib/security/request-meta";

const count = z.number().int().min(0);

/** POST /api/monitoring/ai-actions/trigger_monitoring/, as documented (the cycle's own record, lib/monitoring/agent/types.ts). */
export const triggerResultSchema = z.object({
  message: z.string(),
  results: z.object({
    ran: z.boolean().describe("Always true here: a cycle that did not run answers 409"),
    started_at: isoTimestamp,
    finished_at: isoTimestamp,
    mode: z.enum(["off", "dry-run", "act"]).describe("AGENT_MODE: off detects and records alerts but decides nothing; dry-run records what it would do"),
    findings: count,
    alerts_opened: count,
    alerts_updated: count,
    alerts_resolved: count,
    incidents_opened: count,
    actions_taken: count,
    actions_pending_approval: count,
    overall_status: z.enum(["healthy", "degraded", "unhealthy", "critical"]),
    snapshot_id: z.number().int().nullable().describe("The health snapshot this cycle recorded"),
    errors: z.array(z.object({ source: z.string(), error: z.string() })).optional().describe("Detectors or stages that failed (the rest ran); absent when none did"),
  }),
});

/**
 * An admin runs one agent cycle now (the original let any signed-in user, and its cycle could wipe every cache).
 * Audited either way. A cycle that did not run (another one holds the lock, or the database failed) is a 409
 * with the agent's reason and its result, never a 200 that hides it.
 */
export async function triggerMonitoring(principal: Principal, meta: RequestMeta): Promise<z.input<typeof triggerResultSchema>> {
  const results = await runAgentCycle({ trigger: "manual", actorUserId: principal.userId });
  await audit({
    action: "MONITORING_TRIGGER",
    targetType: "AGENT",
    targetId: results.snapshot_id,
    result: results.ran ? "SUCCESS" : "FAILURE",
    actorUserId: principal.userId,
    meta,
    metadata: { ran: results.ran, reason: results.reason ?? null, mode: results.mode, findings: results.findings, alerts_opened: results.alerts_opened, actions_taken: results.actions_taken },
  });
  if (!results.ran) {
    throw new ApiError("conflict", `Monitoring cycle not run: ${results.reason ?? "unknown reason"}`, { extensions: { results }, headers: { "retry-after": "5" } });
  }
  return { message: "Monitoring cycle completed", results };
}
