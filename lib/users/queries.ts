import "server-only";
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { auditLog, permissions, rolePermissions, roles, sessions, userRoles, users } from "@/db/schema";
import { rolesByUser, rolesOfUser, type RoleRow } from "@/lib/auth/roles";
import { ApiError } from "@/lib/http/problem";
import { searchCondition } from "@/lib/http/search";
import type { UserListQuery, UserOrderingTerm } from "./schemas";

export type UserRow = typeof users.$inferSelect;
export type UserWithRoles = { user: UserRow; roles: RoleRow[] };


const ORDER_COLUMNS = { email: users.email, created_at: users.createdAt, last_login_at: users.lastLoginAt } as const;

function orderBy(terms: UserOrderingTerm[]): SQL[] {
  const list: UserOrderingTerm[] = terms.length ? terms : ["-created_at"];
  const out = list.map((t) => {
    const descending = t.startsWith("-");
    const column = ORDER_COLUMNS[(descending ? t.slice(1) : t) as keyof typeof ORDER_COLUMNS];
    // Users who never signed in sort last either way, not first as PostgreSQL's "desc" would put them.
    return descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`;
  });
  out.push(desc(users.id)); // a stable order, so pages never repeat or skip rows
  return out;
}

export async function listUsers(query: UserListQuery): Promise<{ count: number; rows: UserWithRoles[] }> {
  const database = db();
  const where = and(
    searchCondition(query.search, [users.email, users.username, users.firstName, users.lastName]),
    query.is_active !== undefined ? eq(users.isActive, query.is_active) : undefined,
    query.role !== undefined
      ? inArray(
          users.id,
          database.select({ id: userRoles.userId }).from(userRoles).innerJoin(roles, eq(roles.id, userRoles.roleId)).where(eq(roles.name, query.role)),
        )
      : undefined,
  );
  const [countRow] = await database.select({ count: sql<number>`count(*)::int` }).from(users).where(where);
  const count = countRow?.count ?? 0;
  const offset = (query.page - 1) * query.page_size;
  if (offset >= count) return { count, rows: [] };
  const rows = await database
    .select()
    .from(users)
    .where(where)
    .orderBy(...orderBy(query.ordering))
    .limit(query.page_size)
    .offset(offset);
  const byUser = await rolesByUser(rows.map((u) => u.id), database);
  return { count, rows: rows.map((user) => ({ user, roles: byUser.get(user.id) ?? [] })) };
}

export async function getUserWithRolesOrThrow(id: number, database: DbOrTx = db()): Promise<UserWithRoles> {
  const [user] = await database.select().from(users).where(eq(users.id, id)).limit(1);
  if (!user) throw new ApiError("not_found", "Not found.");
  return { user, roles: await rolesOfUser(id, database) };
}

export type SessionRow = typeof sessions.$inferSelect;
export type AuditRow = Pick<typeof auditLog.$inferSelect, "id" | "occurredAt" | "action" | "result" | "ip" | "metadata">;

/** Enough history for an admin's first look; the audit log page has the rest. */
const DETAIL_SESSIONS = 50;
const DETAIL_AUDIT = 20;

export async function getUserDetailOrThrow(id: number): Promise<UserWithRoles & { sessions: SessionRow[]; audit: AuditRow[] }> {
  const base = await getUserWithRolesOrThrow(id);
  const database = db();
  const [userSessions, audit] = await Promise.all([
    database.select().from(sessions).where(eq(sessions.userId, id)).orderBy(desc(sessions.createdAt), desc(sessions.id)).limit(DETAIL_SESSIONS),
    database
      .select({ id: auditLog.id, occurredAt: auditLog.occurredAt, action: auditLog.action, result: auditLog.result, ip: auditLog.ip, metadata: auditLog.metadata })
      .from(auditLog)
      .where(or(eq(auditLog.actorUserId, id), and(eq(auditLog.targetType, "USER"), eq(auditLog.targetId, String(id)))))
      .orderBy(desc(auditLog.id))
      .limit(DETAIL_AUDIT),
  ]);
  return { ...base, sessions: userSessions, audit };
}

export type RoleWithPermissions = { role: RoleRow; permissions: string[] };

/** Every role, inactive ones included, with the permission codes each grants (the original returned them by name). */
export async function listRolesWithPermissions(database: DbOrTx = db()): Promise<RoleWithPermissions[]> {
  const rows = await database
    .select({ role: roles, permission: permissions.code })
    .from(roles)
    .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .leftJoin(permissions, eq(permissions.id, rolePermissions.permissionId))
    .orderBy(asc(roles.name), asc(permissions.code));
  const out = new Map<number, RoleWithPermissions>();
  for (const r of rows) {
    const entry = out.get(r.role.id) ?? { role: r.role, permissions: [] };
    if (r.permission) entry.permissions.push(r.permission);
    out.set(r.role.id, entry);
  }
  return [...out.values()];
}
