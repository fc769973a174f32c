import { and, eq, inArray, isNull, lte } from "drizzle-orm";
import { db } from "@/db/client";
import { agentActions } from "@/db/schema";
import { auditAction } from "./actions/record";
import { AWAITING_APPROVAL } from "./actions/types";

/** Actions whose effect ends by itself: past expires_at they are over (the block, lock or read-only period lapsed). */
const LAPSING = ["block_ip", "lock_account", "read_only_mode"];

/**
 * Marks lapsed actions expired: taken ones whose effect ran out, and proposals nobody approved in time. Each is
 * audited. Returns how many.
 */
export async function expireActions(now: Date): Promise<number> {
  const lapsed = await db()
    .update(agentActions)
    .set({ status: "expired", completedAt: now })
    .where(and(eq(agentActions.status, "completed"), inArray(agentActions.actionType, LAPSING), isNull(agentActions.undoneAt), lte(agentActions.expiresAt, now)))
    .returning();
  const unanswered = await db()
    .update(agentActions)
    .set({ status: "expired", completedAt: now, resultMessage: "Expired: no administrator approved it in time; nothing was changed." })
    .where(and(eq(agentActions.status, AWAITING_APPROVAL), eq(agentActions.requiresApproval, true), lte(agentActions.expiresAt, now)))
    .returning();
  for (const row of [...lapsed, ...unanswered]) await auditAction(db(), row, "expired");
  return lapsed.length + unanswered.length;
}
