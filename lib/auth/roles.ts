import { asc, eq, inArray } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { roles, userRoles } from "@/db/schema";

export type RoleRow = typeof roles.$inferSelect;

/** Roles of several users at once (for lists): userId → roles, ordered by name. */
export async function rolesByUser(userIds: number[], database: DbOrTx = db()): Promise<Map<number, RoleRow[]>> {
  const out = new Map<number, RoleRow[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return out;
  const rows = await database
    .select({ userId: userRoles.userId, role: roles })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(inArray(userRoles.userId, userIds))
    .orderBy(asc(roles.name));
  for (const r of rows) out.get(r.userId)?.push(r.role);
  return out;
}

export async function rolesOfUser(userId: number, database: DbOrTx = db()): Promise<RoleRow[]> {
  return (await rolesByUser([userId], database)).get(userId) ?? [];
}
