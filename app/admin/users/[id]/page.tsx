import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/users/action-form-client";
import { AuditTable } from "@/components/admin/users/audit-table";
import { ActiveBadge, LockBadge } from "@/components/admin/users/badges";
import { formatDateTime } from "@/components/admin/users/format";
import { SessionsTable } from "@/components/admin/users/sessions-table";
import { Forbidden } from "@/components/forbidden";
import { requirePermission } from "@/lib/auth/page-principal";
import { ApiError } from "@/lib/http/problem";
import { getUserDetailOrThrow, listRolesWithPermissions } from "@/lib/users/queries";
import { userIdParams } from "@/lib/users/schemas";
import { serializeAdminUserDetail, serializeRoleWithPermissions } from "@/lib/users/serializers";
import { assignRolesAction, revokeSessionsAction, setUserActiveAction, unlockUserAction } from "./actions";
import { RoleEditor } from "./role-editor-client";

export const metadata: Metadata = { title: "User · Admin" };

async function loadDetail(id: number) {
  try {
    return serializeAdminUserDetail(await getUserDetailOrThrow(id));
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: rawId } = await params;
  const principal = await requirePermission(`/admin/users/${encodeURIComponent(rawId)}`, "users:manage");
  if (!principal) return <Forbidden />;
  const parsed = userIdParams.safeParse({ id: rawId });
  if (!parsed.success) notFound();

  const canManageRoles = principal.permissions.has("roles:manage");
  const [user, roles] = await Promise.all([
    loadDetail(parsed.data.id),
    canManageRoles ? listRolesWithPermissions().then((list) => list.map(serializeRoleWithPermissions)) : Promise.resolve([]),
  ]);
  const isSelf = user.id === principal.userId;
  const target = { user_id: String(user.id) };
  const liveSessions = user.sessions.filter((s) => !s.revoked_at).length;

  return (
    <div className="space-y-8">
      <div>
        <Link href="/admin/users" className="text-sm text-brand-700 underline">
          ← All users
        </Link>
        <h1 className="mt-2 text-2xl font-bold break-all">{user.email}</h1>
        <p className="text-sm text-slate-600">
          {user.username}
          {`${user.first_name} ${user.last_name}`.trim() ? ` · ${user.first_name} ${user.last_name}` : ""}
          {isSelf ? " · this is you" : ""}
        </p>
        <div className="mt-3 flex flex-wrap gap-2">
          <ActiveBadge isActive={user.is_active} />
          <LockBadge isLocked={user.is_locked} lockedUntil={user.locked_until} />
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
          <dt className="text-slate-500">Joined</dt>
          <dd>{formatDateTime(user.created_at)}</dd>
          <dt className="text-slate-500">Last sign-in</dt>
          <dd>{formatDateTime(user.last_login_at)}</dd>
          <dt className="text-slate-500">Failed sign-ins</dt>
          <dd>{user.failed_login_attempts}</dd>
          <dt className="text-slate-500">Verified / MFA</dt>
          <dd>
            {user.is_verified ? "verified" : "not verified"} / {user.mfa_enabled ? "MFA on" : "MFA off"}
          </dd>
        </dl>
      </div>

      <section aria-labelledby="actions-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="actions-heading" className="text-lg font-semibold">
          Account
        </h2>
        <div className="mt-3 flex flex-wrap items-start gap-4">
          {user.is_locked ? (
            <ActionForm action={unlockUserAction} fields={target} label="Unlock" successText="Account unlocked." tone="primary" />
          ) : null}
          <ActionForm
            action={revokeSessionsAction}
            fields={target}
            label={isSelf ? "Revoke my other sessions" : "Revoke all sessions"}
            successText="Sessions revoked."
            confirmText={isSelf ? "Sign out every other session of your account?" : `Sign ${user.email} out of all ${liveSessions} live sessions?`}
          />
          {user.is_active ? (
            isSelf ? null : (
              <ActionForm
                action={setUserActiveAction}
                fields={{ ...target, is_active: "false" }}
                label="Deactivate"
                successText="User deactivated."
                confirmText={`Deactivate ${user.email}? They are signed out everywhere and cannot sign in until reactivated.`}
                tone="danger"
              />
            )
          ) : (
            <ActionForm action={setUserActiveAction} fields={{ ...target, is_active: "true" }} label="Reactivate" successText="User reactivated." tone="primary" />
          )}
        </div>
      </section>

      <section aria-labelledby="roles-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="roles-heading" className="text-lg font-semibold">
          Roles
        </h2>
        <p className="mt-1 text-sm">{user.roles.map((r) => r.display_name).join(", ") || "No roles."}</p>
        {canManageRoles ? (
          <div className="mt-4">
            <RoleEditor
              action={assignRolesAction}
              userEmail={user.email}
              roles={roles.map((r) => ({ name: r.name, display_name: r.display_name, description: r.description, is_active: r.is_active }))}
              current={user.roles.map((r) => r.name)}
            />
          </div>
        ) : null}
      </section>

      <section aria-labelledby="sessions-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Sessions <span className="text-sm font-normal text-slate-500">({liveSessions} live)</span>
        </h2>
        <div className="mt-3">
          <SessionsTable sessions={user.sessions} />
        </div>
      </section>

      <section aria-labelledby="audit-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="audit-heading" className="text-lg font-semibold">
          Recent activity
        </h2>
        <div className="mt-3">
          <AuditTable entries={user.recent_audit} />
        </div>
      </section>
    </div>
  );
}
