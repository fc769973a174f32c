import type { DbOrTx } from "@/db/client";
import { audit, type AuditResult } from "@/lib/audit/write";
import type { RequestMeta } from "@/lib/security/request-meta";
import type { AgentActionRow } from "./types";

/** How a decision ended; each is audited as AGENT_ACTION_<OUTCOME> with the action's evidence and explanation. */
export type Outcome = "taken" | "dry_run" | "awaiting_approval" | "suppressed" | "skipped" | "failed" | "expired" | "undone" | "approved";

const AUDIT: Record<Outcome, [string, AuditResult]> = {
  taken: ["AGENT_ACTION_TAKEN", "SUCCESS"],
  dry_run: ["AGENT_ACTION_DRY_RUN", "SUCCESS"],
  awaiting_approval: ["AGENT_ACTION_PROPOSED", "SUCCESS"],
  suppressed: ["AGENT_ACTION_SUPPRESSED", "BLOCKED"],
  skipped: ["AGENT_ACTION_SKIPPED", "FAILURE"],
  failed: ["AGENT_ACTION_FAILED", "FAILURE"],
  expired: ["AGENT_ACTION_EXPIRED", "SUCCESS"],
  undone: ["AGENT_ACTION_UNDONE", "SUCCESS"],
  approved: ["AGENT_ACTION_APPROVED", "SUCCESS"],
};

/** Audits one agent action (inside `database` when it is the transaction that changed it). */
export async function auditAction(database: DbOrTx, row: AgentActionRow, outcome: Outcome, by?: { userId: number; meta: RequestMeta }): Promise<void> {
  const [action, result] = AUDIT[outcome];
  await audit(
    {
      action,
      targetType: "AGENT_ACTION",
      targetId: row.id,
      result,
      actorUserId: by?.userId ?? null,
      meta: by?.meta,
      metadata: {
        action_type: row.actionType,
        target: row.target,
        status: row.status,
        mode: row.mode,
        description: row.description,
        explanation: row.explanation,
        result_message: row.resultMessage,
        evidence: row.evidence,
        alert_id: row.alertId,
        incident_id: row.incidentId,
        expires_at: row.expiresAt?.toISOString() ?? null,
      },
    },
    database,
  );
}
