import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import { unlockAccount } from "@/lib/auth/lockout";
import type { Principal } from "@/lib/auth/principal";
import { revokeUserApiKeys } from "@/lib/auth/api-keys/revoke-all";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { ApiError, validationError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { assertAdminRemains, lockAdminSet } from "./admin-guard";
import { getUserWithRolesOrThrow, type UserWithRoles } from "./queries";

/** Admin actions on a user account. Each is audited with the admin as actor and the user as target. */

export type Actor = Pick<Principal, "userId" | "sessionId">;

/**
 * Deactivation also revokes every session in the same transaction, so the user's tokens and cookies stop working
 * on their next request; reactivation gives back the ability to sign in, not the old sessions.
 */
export async function setUserActive(actor: Actor, userId: number, isActive: boolean, meta: RequestMeta): Promise<UserWithRoles> {
  if (!isActive && userId === actor.userId) {
    // Locking oneself out is never what an admin means, and it can strand the shop without one.
    throw validationError({ is_active: ["You cannot deactivate your own account."] }, "You cannot deactivate your own account.");
  }
  await db().transaction(async (tx) => {
    if (!isActive) await lockAdminSet(tx);
    const [before] = await tx.select({ isActive: users.isActive }).from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw new ApiError("not_found", "Not found.");
    await tx.update(users).set({ isActive, updatedAt: new Date() }).where(eq(users.id, userId));
    const revoked = isActive ? 0 : await revokeUserSessions(tx, userId, "user_deactivated");
    if (!isActive) await assertAdminRemains(tx);
    await audit(
      {
        action: isActive ? "USER_REACTIVATED" : "USER_DEACTIVATED",
        targetType: "USER",
        targetId: userId,
        result: "SUCCESS",
        actorUserId: actor.userId,
        meta,
        metadata: { was_active: before.isActive, ...(isActive ? {} : { sessions_revoked: revoked }) },
      },
      tx,
    );
  });
  return getUserWithRolesOrThrow(userId);
}

export async function unlockUser(actor: Actor, userId: number, meta: RequestMeta): Promise<UserWithRoles> {
  if (!(await unlockAccount(userId))) throw new ApiError("not_found", "Not found.");
  await audit({ action: "ACCOUNT_UNLOCKED", targetType: "USER", targetId: userId, result: "SUCCESS", actorUserId: actor.userId, meta });
  return getUserWithRolesOrThrow(userId);
}

/**
 * Revokes every live session of the user. An admin aiming at their own account keeps the session they are using,
 * so the button does not sign them out mid-action.
 */
export async function revokeAllSessions(actor: Actor, userId: number, meta: RequestMeta): Promise<number> {
  await getUserWithRolesOrThrow(userId);
  const keep = userId === actor.userId ? actor.sessionId : null;
  const revoked = await revokeUserSessions(db(), userId, "admin_revoked", keep);
  const keysRevoked = await revokeUserApiKeys(db(), userId, "admin_revoked_sessions", actor.userId);
  await audit({
    action: "SESSIONS_REVOKED",
    targetType: "USER",
    targetId: userId,
    result: "SUCCESS",
    actorUserId: actor.userId,
    meta,
    metadata: { revoked, api_keys_revoked: keysRevoked, kept_current_session: keep !== null },
  });
  return revoked;
}
