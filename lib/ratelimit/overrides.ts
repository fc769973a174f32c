import { and, eq, gt, isNull } from "drizzle-orm";
import { db } from "@/db/client";
import { agentActions } from "@/db/schema";
import { POLICIES, type PolicyName } from "./policies";

/** Policy name → temporary lower limit. */
export type PolicyOverrides = Partial<Record<PolicyName, number>>;

/**
 * The approved, unexpired, not undone tighten_rate_limit actions, as limits. Only ever lower than the table's limit
 * and at least 1: an override can tighten, never loosen or switch a policy off.
 */
export async function activePolicyOverrides(now = new Date()): Promise<PolicyOverrides> {
  const rows = await db()
    .select({ metadata: agentActions.metadata })
    .from(agentActions)
    .where(and(eq(agentActions.actionType, "tighten_rate_limit"), eq(agentActions.status, "completed"), isNull(agentActions.undoneAt), gt(agentActions.expiresAt, now)));
  const out: PolicyOverrides = {};
  for (const { metadata } of rows) {
    const params = (metadata as { params?: { policy?: unknown; proposed_limit?: unknown } }).params ?? {};
    const name = params.policy as PolicyName;
    const limit = Number(params.proposed_limit);
    if (!(typeof name === "string" && name in POLICIES) || !Number.isInteger(limit)) continue;
    const bounded = Math.max(1, Math.min(limit, POLICIES[name].limit));
    out[name] = Math.min(out[name] ?? Infinity, bounded);
  }
  return out;
}
