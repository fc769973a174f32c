import { and, eq } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { permissions, rolePermissions, roles, userRoles, users } from "@/db/schema";
import type { Permission } from "./permissions";

export type UserAccess = {
  user: typeof users.$inferSelect;
  roles: string[];
  permissions: Set<Permission>;
};

/** The user with the names of their active roles and the union of those roles' permissions: one query. */
export async function loadUserAccess(userId: number, database: DbOrTx = db()): Promise<UserAccess | null> {
  const rows = await database
    .select({ user: users, role: roles.name, permission: permissions.code })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .leftJoin(roles, and(eq(roles.id, userRoles.roleId), eq(roles.isActive, true)))
    .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .leftJoin(permissions, eq(permissions.id, rolePermissions.permissionId))
    .where(eq(users.id, userId));
  if (!rows.length) return null;
  const roleNames = new Set<string>();
  const perms = new Set<Permission>();
  for (const r of rows) {
    if (r.role) roleNames.add(r.role);
    if (r.permission) perms.add(r.permission as Permission);
  }
  return { user: rows[0]!.user, roles: [...roleNames].sort(), permissions: perms };
}
