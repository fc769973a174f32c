import type { ActionKind } from "./types";

/**
 * Tightening a named rate-limit policy for a while: never automatic. Once an administrator approves, the approved
 * action row is the override — completed, not undone, not expired — which the internal ip-blocks poll hands to every
 * instance's Edge middleware (lib/ratelimit/overrides.ts), and the middleware applies the lower limit until it expires
 * or is undone.
 */
export const tightenRateLimit: ActionKind = {
  requiresApproval: true,
  capped: false,
  inTransaction: true,
  async run(_database, row) {
    const params = ((row.metadata as { params?: { policy?: unknown; proposed_limit?: unknown } }).params ?? {}) as { policy?: unknown; proposed_limit?: unknown };
    return {
      message: `${String(params.policy)} limited to ${String(params.proposed_limit)} per window until ${row.expiresAt?.toISOString()} on every instance (within a few seconds).`,
      success: true,
      outcome: "done",
    };
  },
  async undo(_database, row) {
    const policy = (row.metadata as { params?: { policy?: unknown } }).params?.policy;
    return `${String(policy)} back to its usual limit (within a few seconds).`;
  },
};
