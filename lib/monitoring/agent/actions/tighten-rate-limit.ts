import type { ActionKind } from "./types";

/**
 * Tightening a named rate-limit policy for a while. The limits are enforced in the Edge middleware from the static
 * POLICIES table (lib/ratelimit/policies.ts), which reads no override the agent could write: the proposal is
 * recorded for an administrator with what it would do, and approval answers why it cannot be applied yet. What it
 * needs: the middleware to fetch temporary overrides (policy → limit, expiry) with its signed ip-blocks poll and
 * apply them in policiesFor/checkLimits.
 */
export const tightenRateLimit: ActionKind = {
  requiresApproval: true,
  capped: false,
  inTransaction: true,
  cannotApply:
    "The Edge middleware reads its rate limits from a fixed table and no temporary override yet, so this cannot be applied from here. " +
    "Lower the policy's limit in lib/ratelimit/policies.ts (or RATE_LIMIT_MULTIPLIER) and redeploy, or block the sources.",
  notUndoable: "Nothing was applied, so there is nothing to undo.",
};
