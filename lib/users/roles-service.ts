import "server-only";
import { and, eq, inArray, notInArray } from "drizzle-orm";
import { db } from "@/db/client";
import { permissions, rolePermissions, roles, userRoles, users } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import { DEFAULT_ROLE } from "@/lib/auth/permissions";
import { rolesOfUser } from "@/lib/auth/roles";
import { loadUserAccess } from "@/lib/auth/user-access";
import { ApiError, validationError, type FieldErrors } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { assertAdminRemains, lockAdminSet } from "./admin-guard";
import type { RoleWithPermissions, UserWithRoles } from "./queries";
import type { AssignRolesInput, CreateRoleInput } from "./schemas";
import type { Actor } from "./service";

/** A duplicate name is found by the unique index itself, so two racing creations cannot both succeed. */
export async function createRole(actor: Actor, input: CreateRoleInput, meta: RequestMeta): Promise<RoleWithPermissions> {
  return db().transaction(async (tx) => {
    const [role] = await tx
      .insert(roles)
      .values({ name: input.name, displayName: input.display_name, description: input.description, isActive: input.is_active })
      .onConflictDoNothing({ target: roles.name })
      .returning();
    if (!role) {
      throw new ApiError("conflict", "A role with this name already exists.", { errors: { name: ["role with this name already exists."] } });
    }
    const granted = input.permissions.length
      ? await tx.select({ id: permissions.id, code: permissions.code }).from(permissions).where(inArray(permissions.code, input.permissions))
      : [];
    if (granted.length) await tx.insert(rolePermissions).values(granted.map((p) => ({ roleId: role.id, permissionId: p.id })));
    const codes = granted.map((p) => p.code).sort();
    await audit(
      { action: "ROLE_CREATED", targetType: "ROLE", targetId: role.id, result: "SUCCESS", actorUserId: actor.userId, meta, metadata: { name: role.name, is_active: role.isActive, permissions: codes } },
      tx,
    );
    return { role, permissions: codes };
  });
}

/**
 * Replaces the user's whole role set, as the original did, in one transaction. CUSTOMER is always kept (every user
 * shops). An admin cannot take away their own access to this endpoint, and the shop never ends without an admin.
 */
export async function assignRoles(actor: Actor, input: AssignRolesInput, meta: RequestMeta): Promise<UserWithRoles> {
  const names = [...new Set([...input.roles, DEFAULT_ROLE])];
  return db().transaction(async (tx) => {
    await lockAdminSet(tx);
    const [user] = await tx.select().from(users).where(eq(users.email, input.user_email)).limit(1);
    const found = await tx.select().from(roles).where(and(inArray(roles.name, names), eq(roles.isActive, true)));
    const missing = names.filter((n) => !found.some((r) => r.name === n)).sort();
    const errors: FieldErrors = {};
    if (!user) errors.user_email = ["No user with this email address."];
    if (missing.length) errors.roles = [`Unknown or inactive roles: ${missing.join(", ")}`];
    if (!user || missing.length) throw validationError(errors);

    const before = await rolesOfUser(user.id, tx);
    const ids = found.map((r) => r.id);
    await tx.delete(userRoles).where(and(eq(userRoles.userId, user.id), notInArray(userRoles.roleId, ids)));
    // Memberships the user already had keep their original assigner and date.
    await tx.insert(userRoles).values(ids.map((roleId) => ({ userId: user.id, roleId, assignedBy: actor.userId }))).onConflictDoNothing();

    if (user.id === actor.userId && !(await loadUserAccess(user.id, tx))?.permissions.has("roles:manage")) {
      throw validationError({ roles: ["You cannot remove your own administrator role."] }, "You cannot remove your own administrator role.");
    }
    await assertAdminRemains(tx);

    const after = await rolesOfUser(user.id, tx);
    await audit(
      {
        action: "ROLES_ASSIGNED",
        targetType: "USER",
        targetId: user.id,
        result: "SUCCESS",
        actorUserId: actor.userId,
        meta,
        metadata: { before: before.map((r) => r.name), after: after.map((r) => r.name) },
      },
      tx,
    );
    return { user, roles: after };
  });
}
