import { z } from "zod";
import type { roles, users } from "@/db/schema";
import { isoTimestamp } from "@/lib/openapi/doc";

type RoleRow = typeof roles.$inferSelect;
type UserRow = typeof users.$inferSelect;

/** The response bodies, as documented in the OpenAPI document; the serializers below are typed against them. */
export const roleSchema = z.object({
  id: z.number().int(),
  name: z.string().describe("Uppercase code, e.g. CUSTOMER, SELLER, ADMIN"),
  display_name: z.string(),
  description: z.string(),
  is_active: z.boolean().describe("An inactive role grants nothing"),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
});

export const userSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  username: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  phone_number: z.string().describe("Empty when not given"),
  is_active: z.boolean(),
  is_verified: z.boolean().describe("The email address was confirmed"),
  mfa_enabled: z.boolean().describe("Two-factor authentication (TOTP) is on"),
  avatar_url: z.string().nullable().describe("Download URL of the avatar file, if one is set"),
  roles: z.array(roleSchema).describe("Ordered by name; every user has CUSTOMER"),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
});

export const adminUserSchema = userSchema.extend({
  failed_login_attempts: z.number().int().min(0).describe("Failed sign-ins counted towards the account lockout"),
  locked_until: isoTimestamp.nullable().describe("Set while (or after) the account was locked"),
  is_locked: z.boolean().describe("locked_until is in the future"),
  last_login_at: isoTimestamp.nullable(),
});

/** `<Role>` as the original API returned it. */
export function serializeRole(r: RoleRow): z.input<typeof roleSchema> {
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
export function serializeUser(u: UserRow, userRoles: RoleRow[]): z.input<typeof userSchema> {
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
export function serializeUserForAdmin(u: UserRow, userRoles: RoleRow[]): z.input<typeof adminUserSchema> {
  return {
    ...serializeUser(u, userRoles),
    failed_login_attempts: u.failedLoginAttempts,
    locked_until: u.lockedUntil?.toISOString() ?? null,
    is_locked: u.lockedUntil !== null && u.lockedUntil > new Date(),
    last_login_at: u.lastLoginAt?.toISOString() ?? null,
  };
}
