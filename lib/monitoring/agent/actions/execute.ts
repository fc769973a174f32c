import { eq } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { agentActions } from "@/db/schema";
import { errorFields, log } from "@/lib/log";
import { actionsInLastHour, isLastActiveAdmin, liveDuplicate } from "../guardrails";
import { isAllowListed } from "../ip-allowlist";
import type { CycleContext } from "../types";
import { auditAction, type Outcome } from "./record";
import { ACTION_KINDS } from "./registry";
import { AWAITING_APPROVAL, type AgentActionRow, type EffectResult, type Proposal } from "./types";

export type CarryOut = { outcome: Outcome | "guarded" | "duplicate" | "off"; row: AgentActionRow | null; note?: string };

const minutesFrom = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000);

/** A guardrail that forbids the action outright: nothing is recorded as an action; the alert says why. */
async function forbidden(ctx: CycleContext, p: Proposal): Promise<string | null> {
  if (p.type === "block_ip" && isAllowListed(p.target, ctx.config.allowlist)) return `${p.target} is allow-listed (AGENT_ALLOWLIST_IPS or loopback): not blocked.`;
  const userId = Number(/^user:(\d+)$/.exec(p.target)?.[1] ?? NaN);
  if ((p.type === "lock_account" || p.type === "revoke_sessions") && Number.isInteger(userId) && (await isLastActiveAdmin(userId))) {
    return `${p.target} is the last active administrator: the agent never locks or signs them out.`;
  }
  return null;
}

/**
 * Carries out one decision under the guardrails, in order: mode off (nothing), allow-list and last admin (never),
 * a live duplicate (already decided), approval needed (recorded, waiting), the hourly cap (recorded as suppressed),
 * dry-run (recorded, nothing changed), else done for real and recorded with its result. Every record is audited.
 */
export async function carryOut(ctx: CycleContext, p: Proposal): Promise<CarryOut> {
  if (ctx.mode === "off") return { outcome: "off", row: null };
  const kind = ACTION_KINDS[p.type];
  const note = await forbidden(ctx, p);
  if (note) return { outcome: "guarded", row: null, note };
  if (await liveDuplicate(p.type, p.target, ctx.now, ctx.mode)) return { outcome: "duplicate", row: null };
  const base = {
    actionType: p.type,
    description: p.description,
    explanation: p.explanation,
    triggeredBy: `agent:${ctx.trigger}`,
    target: p.target.slice(0, 200),
    mode: ctx.mode,
    evidence: p.evidence,
    alertId: p.alertId,
    incidentId: p.incidentId,
    requiresApproval: kind.requiresApproval,
    createdAt: ctx.now,
  };
  const record = async (outcome: Outcome, values: Partial<typeof agentActions.$inferInsert>) => {
    const [row] = await db().insert(agentActions).values({ ...base, ...values, metadata: { params: p.params ?? {}, minutes: p.minutes, outcome } }).returning();
    await auditAction(db(), row!, outcome);
    return { outcome, row: row! };
  };
  if (kind.requiresApproval) {
    const waiting = `Waiting for an administrator's approval until ${minutesFrom(ctx.now, ctx.config.approvalMinutes).toISOString()}.`;
    if (ctx.mode === "dry-run") return record("dry_run", { status: "dry_run", resultMessage: `Dry run (AGENT_MODE=dry-run): would ask for approval. ${kind.cannotApply ?? ""}`.trim(), expiresAt: minutesFrom(ctx.now, ctx.config.approvalMinutes) });
    return record("awaiting_approval", { status: AWAITING_APPROVAL, resultMessage: `${waiting} ${kind.cannotApply ?? ""}`.trim(), expiresAt: minutesFrom(ctx.now, ctx.config.approvalMinutes) });
  }
  const expiresAt = minutesFrom(ctx.now, p.minutes);
  if (kind.capped && (await actionsInLastHour(ctx.now, ctx.mode, p.type)) >= ctx.config.maxActionsPerHour) {
    const message = `Suppressed: the cap of ${ctx.config.maxActionsPerHour} automatic actions per hour (AGENT_MAX_ACTIONS_PER_HOUR) was reached; nothing was changed.`;
    return record("suppressed", { status: "failed", success: false, resultMessage: message, expiresAt });
  }
  if (ctx.mode === "dry-run") return record("dry_run", { status: "dry_run", resultMessage: "Dry run (AGENT_MODE=dry-run): recorded, nothing was changed.", expiresAt });
  return execute(ctx, p, base, expiresAt);
}

async function execute(ctx: CycleContext, p: Proposal, base: Partial<typeof agentActions.$inferInsert>, expiresAt: Date): Promise<CarryOut> {
  const kind = ACTION_KINDS[p.type];
  const metadata = { params: p.params ?? {}, minutes: p.minutes };
  const [row] = await db()
    .insert(agentActions)
    .values({ ...(base as typeof agentActions.$inferInsert), status: "executing", executedAt: ctx.now, expiresAt, metadata })
    .returning();
  const finish = async (database: DbOrTx, r: EffectResult) => {
    const outcome: Outcome = r.outcome === "skipped" ? "skipped" : "taken";
    const [done] = await database
      .update(agentActions)
      .set({ status: outcome === "taken" ? "completed" : "failed", success: r.success, resultMessage: r.message, completedAt: ctx.now, metadata: { ...metadata, ...r.metadata, outcome: r.outcome } })
      .where(eq(agentActions.id, row!.id))
      .returning();
    await auditAction(database, done!, outcome);
    return { outcome, row: done! };
  };
  try {
    if (kind.inTransaction) return await db().transaction(async (tx) => finish(tx, await kind.run!(tx, row!, ctx)));
    return await finish(db(), await kind.run!(db(), row!, ctx));
  } catch (error) {
    log.error("agent action failed", { action_id: row!.id, action_type: p.type, ...errorFields(error) });
    const message = `Failed: the change could not be made (details in the server log, action ${row!.id}). Nothing was changed; the agent may try again next cycle.`;
    const [failed] = await db()
      .update(agentActions)
      .set({ status: "failed", success: false, resultMessage: message, completedAt: ctx.now, expiresAt: null, metadata: { ...metadata, outcome: "failed" } })
      .where(eq(agentActions.id, row!.id))
      .returning();
    await auditAction(db(), failed!, "failed");
    return { outcome: "failed", row: failed! };
  }
}
