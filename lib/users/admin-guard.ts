import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { permissions, rolePermissions, roles, userRoles, users } from "@/db/schema";
import { ApiError } from "@/lib/http/problem";

/**
 * Serialises every change that can take administrator access away (role changes, deactivation). Without it two
 * admins demoting each other at the same moment would each still see the other as an admin, and both commit.
 * Taken before the audit chain lock, never after, so the two locks cannot deadlock.
 */
const ADMIN_SET_LOCK = 7_340_110;

export async function lockAdminSet(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_SET_LOCK})`);
}

/**
 * An administrator is an active user holding an active role that grants `roles:manage`: whoever holds it can hand
 * every other permission back, so at least one must remain.
 */
export async function countActiveAdmins(database: DbOrTx): Promise<number> {
  const [row] = await database
    .select({ count: sql<number>`count(distinct ${users.id})::int` })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(roles, and(eq(roles.id, userRoles.roleId), eq(roles.isActive, true)))
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .innerJoin(permissions, and(eq(permissions.id, rolePermissions.permissionId), eq(permissions.code, "roles:manage")))
    .where(eq(users.isActive, true));
  return row?.count ?? 0;
}

/** Call inside the changing transaction, after the change: throwing rolls it back. */
export async function assertAdminRemains(tx: DbOrTx): Promise<void> {
  if ((await countActiveAdmins(tx)) === 0) {
    throw new ApiError("conflict", "This change would leave the shop without an active administrator.");
  }
}
