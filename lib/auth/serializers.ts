import type { roles, users } from "@/db/schema";

type RoleRow = typeof roles.$inferSelect;
type UserRow = typeof users.$inferSelect;

/** `<Role>` as the original API returned it. */
export function serializeRole(r: RoleRow) {
  return {
    id: r.id,
    name: r.name,
    display_name: r.displayName,
    description: r.description,
    is_active: r.isActive,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/**
 * `<User>` as the original API returned it, plus `mfa_enabled`. Fields are listed one by one: the password hash,
 * lockout counters and secrets can never leave the server through here.
 */
export function serializeUser(u: UserRow, userRoles: RoleRow[]) {
  return {
    id: u.id,
    email: u.email,
    username: u.username,
    first_name: u.firstName,
    last_name: u.lastName,
    phone_number: u.phoneNumber,
    is_active: u.isActive,
    is_verified: u.isVerified,
    mfa_enabled: u.mfaEnabled,
    avatar_url: u.avatarFileId === null ? null : `/api/files/${u.avatarFileId}/download/`,
    roles: userRoles.map(serializeRole),
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
  };
}

/** What an admin sees of a user in addition: lock state and last sign-in. */
export function serializeUserForAdmin(u: UserRow, userRoles: RoleRow[]) {
  return {
    ...serializeUser(u, userRoles),
    failed_login_attempts: u.failedLoginAttempts,
    locked_until: u.lockedUntil?.toISOString() ?? null,
    is_locked: u.lockedUntil !== null && u.lockedUntil > new Date(),
    last_login_at: u.lastLoginAt?.toISOString() ?? null,
  };
}
