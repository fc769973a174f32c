import { serializeRole, serializeUserForAdmin } from "@/lib/auth/serializers";
import type { AuditRow, RoleWithPermissions, SessionRow, UserWithRoles } from "./queries";

/** Output shapes of the admin user endpoints; every field listed by hand so no hash or token column can slip out. */

export function serializeAdminUser({ user, roles }: UserWithRoles) {
  return serializeUserForAdmin(user, roles);
}

export function serializeRoleWithPermissions({ role, permissions }: RoleWithPermissions) {
  return { ...serializeRole(role), permissions };
}

/** `is_current` is always false: an admin looks at someone else's sessions, never through one of them. */
export function serializeAdminSession(s: SessionRow) {
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

export function serializeAuditEntry(a: AuditRow) {
  return {
    id: a.id,
    occurred_at: a.occurredAt.toISOString(),
    action: a.action,
    result: a.result,
    ip: a.ip,
    metadata: a.metadata,
  };
}

export function serializeAdminUserDetail(detail: UserWithRoles & { sessions: SessionRow[]; audit: AuditRow[] }) {
  return {
    ...serializeAdminUser(detail),
    sessions: detail.sessions.map(serializeAdminSession),
    recent_audit: detail.audit.map(serializeAuditEntry),
  };
}
