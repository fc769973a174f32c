import "server-only";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import { runAgentCycle, type CycleResult } from "@/lib/monitoring/agent/cycle";
import type { RequestMeta } from "@/lib/security/request-meta";

/**
 * An admin runs one agent cycle now (the original let any signed-in user, and its cycle could wipe every cache).
 * Audited either way. A cycle that did not run (another one holds the lock, or the database failed) is a 409
 * with the agent's reason and its result, never a 200 that hides it.
 */
export async function triggerMonitoring(principal: Principal, meta: RequestMeta): Promise<{ message: string; results: CycleResult }> {
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
