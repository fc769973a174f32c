import { z } from "zod";
import { adminUserSchema, roleSchema, serializeRole, serializeUserForAdmin } from "@/lib/auth/serializers";
import { isoTimestamp } from "@/lib/openapi/doc";
import type { AuditRow, RoleWithPermissions, SessionRow, UserWithRoles } from "./queries";

/** Output shapes of the admin user endpoints; every field listed by hand so no hash or token column can slip out. */

export const roleWithPermissionsSchema = roleSchema.extend({
  permissions: z.array(z.string()).describe("The permission codes the role grants, sorted"),
});

export const adminSessionSchema = z.object({
  id: z.uuid(),
  kind: z.string().describe("`browser` (the session cookie) or `api` (access and refresh tokens)"),
  created_at: isoTimestamp,
  last_seen_at: isoTimestamp,
  ip: z.string().nullable().describe("The client address the session was created from"),
  user_agent: z.string(),
  amr: z.array(z.string()).describe("How the session was authenticated: pwd, otp, recovery, mfa, hwk, user"),
  revoked_at: isoTimestamp.nullable(),
  revoked_reason: z.string().nullable(),
  is_current: z.boolean().describe("Always false here: an admin never looks through the user's own session"),
});

export const userAuditEntrySchema = z.object({
  id: z.number().int(),
  occurred_at: isoTimestamp,
  action: z.string(),
  result: z.enum(["SUCCESS", "FAILURE", "BLOCKED"]),
  ip: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});

export const adminUserDetailSchema = adminUserSchema.extend({
  sessions: z.array(adminSessionSchema).describe("The 50 most recent sessions, revoked and expired ones included"),
  recent_audit: z.array(userAuditEntrySchema).describe("The 20 most recent audit entries by or about the user"),
});

export function serializeAdminUser({ user, roles }: UserWithRoles): z.input<typeof adminUserSchema> {
  return serializeUserForAdmin(user, roles);
}

export function serializeRoleWithPermissions({ role, permissions }: RoleWithPermissions): z.input<typeof roleWithPermissionsSchema> {
  return { ...serializeRole(role), permissions };
}

/** `is_current` is always false: an admin looks at someone else's sessions, never through one of them. */
export function serializeAdminSession(s: SessionRow): z.input<typeof adminSessionSchema> {
  return {
    id: s.id,
    kind: s.kind,
    created_at: s.createdAt.toISOString(),
    last_seen_at: s.lastSeenAt.toISOString(),
    ip: s.ip,
    user_agent: s.userAgent,
    amr: s.amr,
    revoked_at: s.revokedAt?.toISOString() ?? null,
    revoked_reason: s.revokedReason,
    is_current: false,
  };
}

export function serializeAuditEntry(a: AuditRow): z.input<typeof userAuditEntrySchema> {
  return {
    id: a.id,
    occurred_at: a.occurredAt.toISOString(),
    action: a.action,
    // the column's check constraint allows only these three
    result: a.result as z.input<typeof userAuditEntrySchema>["result"],
    ip: a.ip,
    // jsonb written only by lib/audit/write.ts, always from an object
    metadata: a.metadata as Record<string, unknown>,
  };
}

export function serializeAdminUserDetail(detail: UserWithRoles & { sessions: SessionRow[]; audit: AuditRow[] }): z.input<typeof adminUserDetailSchema> {
  return {
    ...serializeAdminUser(detail),
    sessions: detail.sessions.map(serializeAdminSession),
    recent_audit: detail.audit.map(serializeAuditEntry),
  };
}
