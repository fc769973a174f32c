import Link from "next/link";
import { Forbidden } from "@/components/forbidden";
import { requireUser } from "@/lib/auth/page-principal";

const SECTIONS = [
  { href: "/admin", label: "Dashboard", permission: "monitoring:read" },
  { href: "/admin/users", label: "Users", permission: "users:manage" },
  { href: "/admin/api-keys", label: "API keys", permission: "users:manage" },
  { href: "/admin/orders", label: "Orders", permission: "orders:manage" },
  { href: "/admin/reviews", label: "Reviews", permission: "reviews:moderate" },
  { href: "/admin/files", label: "Files", permission: "files:manage" },
  { href: "/admin/audit", label: "Audit log", permission: "audit:read" },
] as const;

/** Every admin page needs a signed-in user holding at least one admin permission; each page checks its own. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const principal = await requireUser("/admin");
  const visible = SECTIONS.filter((s) => principal.permissions.has(s.permission));
  if (!visible.length) return <Forbidden />;
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav aria-label="Admin" className="flex flex-col gap-1 text-sm">
        <p className="mb-2 font-semibold text-slate-500 uppercase tracking-wide">Admin</p>
        {visible.map((s) => (
          <Link key={s.href} href={s.href} className="rounded px-2 py-1 hover:bg-slate-200">
            {s.label}
          </Link>
        ))}
      </nav>
      <div>{children}</div>
    </div>
  );
}
