import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeys } from "@/db/schema";

/**
 * Revokes every active key of a user, in the caller's transaction. Part of "sign out everywhere" (an admin's revoke
 * sessions, the monitoring agent's answer to refresh-token reuse) and of a password reset: a key minted with a
 * stolen session must not outlive the owner's recovery. A password change by the owner keeps their keys.
 */
export async function revokeUserApiKeys(database: DbOrTx, userId: number, reason: string, actorUserId: number | null): Promise<number> {
  const rows = await database
    .update(apiKeys)
    .set({ revokedAt: sql`now()`, revokedByUserId: actorUserId, revokedReason: reason.slice(0, 64) })
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length;
}
