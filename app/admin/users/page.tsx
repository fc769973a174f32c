import type { Metadata } from "next";
import Link from "next/link";
import { ActiveBadge, LockBadge } from "@/components/admin/users/badges";
import { formatDateTime } from "@/components/admin/users/format";
import { Forbidden } from "@/components/forbidden";
import { Pagination } from "@/components/storefront/pagination";
import { requirePermission } from "@/lib/auth/page-principal";
import { listRolesWithPermissions, listUsers } from "@/lib/users/queries";
import { userListQuery } from "@/lib/users/schemas";
import { serializeAdminUser } from "@/lib/users/serializers";

export const metadata: Metadata = { title: "Users · Admin" };

const PAGE_SIZE = 25;
/** Only the parameters the list understands are carried in links. */
const KEYS = ["search", "role", "is_active", "ordering", "page"] as const;
const SORTS = [
  ["", "Newest first"],
  ["created_at", "Oldest first"],
  ["email", "Email: A to Z"],
  ["-email", "Email: Z to A"],
  ["-last_login_at", "Last sign-in: recent first"],
] as const;

const field = "mt-1 rounded border border-slate-300 px-2 py-1.5";

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePermission("/admin/users", "users:manage");
  if (!principal) return <Forbidden />;

  const raw = await searchParams;
  const params: Record<string, string> = {};
  for (const k of KEYS) {
    const v = raw[k];
    const value = Array.isArray(v) ? v[0] : v;
    if (value) params[k] = value;
  }
  const parsed = userListQuery.safeParse({ ...params, page_size: String(PAGE_SIZE) });
  const [roles, result] = await Promise.all([listRolesWithPermissions(), parsed.success ? listUsers(parsed.data) : Promise.resolve(null)]);
  const page = parsed.success ? parsed.data.page : 1;
  const pageCount = result ? Math.max(1, Math.ceil(result.count / PAGE_SIZE)) : 1;
  const rows = result ? result.rows.map(serializeAdminUser) : [];

  return (
    <div>
      <h1 className="text-2xl font-bold">Users</h1>
      <form method="get" action="/admin/users" role="search" className="mt-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-5">
        <label className="col-span-2 flex flex-col text-sm">
          Search email, username or name
          <input name="search" type="search" defaultValue={params.search ?? ""} maxLength={200} className={field} />
        </label>
        <label className="flex flex-col text-sm">
          Role
          <select name="role" defaultValue={params.role ?? ""} className={field}>
            <option value="">Any</option>
            {roles.map(({ role }) => (
              <option key={role.id} value={role.name}>
                {role.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Status
          <select name="is_active" defaultValue={params.is_active ?? ""} className={field}>
            <option value="">Any</option>
            <option value="true">Active</option>
            <option value="false">Deactivated</option>
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Sort
          <select name="ordering" defaultValue={params.ordering ?? ""} className={field}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <div className="col-span-2 md:col-span-5 md:text-right">
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Apply
          </button>
        </div>
      </form>

      {!parsed.success ? (
        <p role="alert" className="mt-6 rounded border border-rose-200 bg-rose-50 p-4 text-rose-800">
          Some filters are not valid: {parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.
        </p>
      ) : (
        <>
          <p className="mt-6 text-sm text-slate-600" aria-live="polite">
            {(result?.count ?? 0).toLocaleString("en-US")} users
          </p>
          {rows.length ? (
            <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Users</caption>
                <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
                  <tr>
                    <th scope="col" className="px-3 py-2">Email</th>
                    <th scope="col" className="px-3 py-2">Name</th>
                    <th scope="col" className="px-3 py-2">Roles</th>
                    <th scope="col" className="px-3 py-2">Status</th>
                    <th scope="col" className="px-3 py-2">Lock</th>
                    <th scope="col" className="px-3 py-2">Last sign-in</th>
                    <th scope="col" className="px-3 py-2">Joined</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((u) => (
                    <tr key={u.id} className="border-b border-slate-100 align-top">
                      <td className="px-3 py-2">
                        <Link href={`/admin/users/${u.id}`} className="text-brand-700 underline">
                          {u.email}
                        </Link>
                        <span className="block text-xs text-slate-500">{u.username}</span>
                      </td>
                      <td className="px-3 py-2">{`${u.first_name} ${u.last_name}`.trim() || "—"}</td>
                      <td className="px-3 py-2">{u.roles.map((r) => r.name).join(", ") || "—"}</td>
                      <td className="px-3 py-2">
                        <ActiveBadge isActive={u.is_active} />
                      </td>
                      <td className="px-3 py-2">
                        <LockBadge isLocked={u.is_locked} lockedUntil={u.locked_until} />
                      </td>
                      <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(u.last_login_at)}</td>
                      <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(u.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="mt-3 text-slate-600">No users match.</p>
          )}
          <Pagination basePath="/admin/users" params={params} page={page} pageCount={pageCount} />
        </>
      )}
    </div>
  );
}
