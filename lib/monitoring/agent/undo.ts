import { eq } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { agentActions } from "@/db/schema";
import { hasPermission, type Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import { agentConfig } from "@/lib/monitoring/config";
import type { RequestMeta } from "@/lib/security/request-meta";
import { auditAction } from "./actions/record";
import { actionKind } from "./actions/registry";
import { AWAITING_APPROVAL, type AgentActionRow } from "./actions/types";

export type { AgentActionRow } from "./actions/types";

const conflict = (detail: string) => new ApiError("conflict", detail);
const statusWords = (row: AgentActionRow) => (row.status === AWAITING_APPROVAL && row.requiresApproval ? "waiting for approval" : row.status.replace("_", " "));

async function lockedAction(tx: Tx, principal: Principal, actionId: number): Promise<AgentActionRow> {
  if (!hasPermission(principal, "monitoring:act")) throw new ApiError("forbidden", "You may not act on monitoring.");
  const [row] = await tx.select().from(agentActions).where(eq(agentActions.id, actionId)).for("update");
  if (!row) throw new ApiError("not_found", "No agent action with this id.");
  return row;
}

/**
 * Undoes an action still in effect (block lifted, account unlocked, read-only mode ended) and marks it rolled
 * back, in one transaction with its audit record (AGENT_ACTION_UNDONE). 404 unknown; 409 when it was already
 * undone, cannot be undone (sessions revoked, notifications sent), changed nothing (dry run, suppressed, waiting)
 * or has already expired.
 */
export async function undoAgentAction(principal: Principal, actionId: number, meta: RequestMeta): Promise<AgentActionRow> {
  const now = new Date();
  return db().transaction(async (tx) => {
    const row = await lockedAction(tx, principal, actionId);
    const kind = actionKind(row.actionType);
    if (row.undoneAt) throw conflict("This action was already undone.");
    if (!kind?.undo) throw conflict(kind?.notUndoable ?? "This action cannot be undone.");
    if (row.status !== "completed") throw conflict(`Only an action in effect can be undone; this one is ${statusWords(row)}${row.status === "dry_run" || row.status === AWAITING_APPROVAL ? ": nothing was changed" : ""}.`);
    if (row.expiresAt && row.expiresAt <= now) throw conflict("This action has already expired: its effect is over.");
    const message = await kind.undo(tx, row, now);
    const [done] = await tx
      .update(agentActions)
      .set({ status: "rolled_back", undoneAt: now, undoneBy: principal.userId, resultMessage: `${row.resultMessage} Undone by an administrator: ${message}`.trim() })
      .where(eq(agentActions.id, row.id))
      .returning();
    await auditAction(tx, done!, "undone", { userId: principal.userId, meta });
    return done!;
  });
}

/**
 * Approves and carries out an action waiting for approval (read-only mode), for its planned duration from now,
 * with its audit record (AGENT_ACTION_APPROVED). 404 unknown; 409 when it is not waiting (or its window passed),
 * or when it cannot be applied from here (tightening a rate limit: the answer says what is missing).
 */
export async function approveAgentAction(principal: Principal, actionId: number, meta: RequestMeta): Promise<AgentActionRow> {
  const now = new Date();
  const config = agentConfig();
  return db().transaction(async (tx) => {
    const row = await lockedAction(tx, principal, actionId);
    const kind = actionKind(row.actionType);
    if (row.status !== AWAITING_APPROVAL || !row.requiresApproval) throw conflict(`This action is not waiting for approval (it is ${statusWords(row)}).`);
    if (row.expiresAt && row.expiresAt <= now) throw conflict("The time to approve this proposal has passed.");
    if (!kind?.run || kind.cannotApply) throw conflict(kind?.cannotApply ?? "This action cannot be carried out.");
    const minutes = Number((row.metadata as { minutes?: unknown }).minutes) || config.readOnlyMinutes;
    const [approved] = await tx
      .update(agentActions)
      .set({ status: "completed", approvedBy: principal.userId, executedAt: now, expiresAt: new Date(now.getTime() + minutes * 60_000) })
      .where(eq(agentActions.id, row.id))
      .returning();
    const r = await kind.run(tx, approved!, { now, config });
    const [done] = await tx
      .update(agentActions)
      .set({ success: r.success, resultMessage: `Approved by an administrator. ${r.message}`, completedAt: now, metadata: { ...(row.metadata as object), ...r.metadata, outcome: r.outcome } })
      .where(eq(agentActions.id, row.id))
      .returning();
    await auditAction(tx, done!, "approved", { userId: principal.userId, meta });
    return done!;
  });
}
