import type { DbOrTx } from "@/db/client";
import type { agentActions } from "@/db/schema";
import type { CycleContext } from "../types";

export type AgentActionRow = typeof agentActions.$inferSelect;

/**
 * The status of a proposal waiting for an administrator: "pending" with requires_approval = true. (The schema's
 * check lists 'awaiting_approval', but status is varchar(16) and that word has 17 characters.)
 */
export const AWAITING_APPROVAL = "pending";

export type ActionType =
  | "block_ip"
  | "lock_account"
  | "revoke_sessions"
  | "tighten_rate_limit"
  | "revalidate_cache"
  | "read_only_mode"
  | "notify_admins";

/** A decision: what to do, to what, why, and for how long (no duplicate is proposed meanwhile). */
export type Proposal = {
  type: ActionType;
  target: string;
  description: string;
  explanation: string;
  evidence: Record<string, unknown>;
  alertId: number | null;
  incidentId: number | null;
  /** Minutes the effect lasts; for one-off actions, how long the same action is not repeated. */
  minutes: number;
  params?: Record<string, unknown>;
};

/** What carrying an action out did: "skipped" when it could not run here (recorded, never as success). */
export type EffectResult = { message: string; success: boolean; outcome: "done" | "skipped"; metadata?: Record<string, unknown> };

export type ActionKind = {
  /** Safe actions run automatically in act mode; the others wait for an administrator's approval. */
  requiresApproval: boolean;
  /** Counts toward AGENT_MAX_ACTIONS_PER_HOUR (notifications do not). */
  capped: boolean;
  /** Why it cannot be undone, when it cannot. */
  notUndoable?: string;
  /** Why it cannot be carried out even with approval (the gap is reported, never papered over). */
  cannotApply?: string;
  /** Runs inside the transaction that records the action (database effects), or after it (outside effects). */
  inTransaction: boolean;
  run?: (database: DbOrTx, row: AgentActionRow, ctx: Pick<CycleContext, "now" | "config">) => Promise<EffectResult>;
  undo?: (database: DbOrTx, row: AgentActionRow, now: Date) => Promise<string>;
};
