import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { db } from "@/db/client";
import { agentActions } from "@/db/schema";
import type { ActionKind } from "./types";

/**
 * Read-only mode for writes: never automatic. The agent proposes it (awaiting approval); once an administrator
 * approves, the approved action row itself is the flag — completed, not undone, not expired — until it expires
 * (AGENT_READ_ONLY_MINUTES) or is undone. `readOnlyMode()` is what the API reads to refuse writes.
 */
export const readOnlyModeAction: ActionKind = {
  requiresApproval: true,
  capped: false,
  inTransaction: true,
  async run(_database, row) {
    return { message: `Read-only mode on until ${row.expiresAt?.toISOString()}: writes are refused, reads are served.`, success: true, outcome: "done" };
  },
  async undo() {
    return "Read-only mode lifted: writes are accepted again.";
  },
};

export type ReadOnlyState = { active: boolean; until: string | null; actionId: number | null; reason: string | null };

/** Whether the shop is in read-only mode now, by which approved action and until when. */
export async function readOnlyMode(now = new Date()): Promise<ReadOnlyState> {
  const [row] = await db()
    .select({ id: agentActions.id, expiresAt: agentActions.expiresAt, explanation: agentActions.explanation })
    .from(agentActions)
    .where(and(eq(agentActions.actionType, "read_only_mode"), eq(agentActions.status, "completed"), isNull(agentActions.undoneAt), gt(agentActions.expiresAt, now)))
    .orderBy(desc(agentActions.expiresAt))
    .limit(1);
  return row ? { active: true, until: row.expiresAt!.toISOString(), actionId: row.id, reason: row.explanation } : { active: false, until: null, actionId: null, reason: null };
}
