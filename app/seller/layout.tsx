import Link from "next/link";
import { Forbidden } from "@/components/forbidden";
import { requireUser } from "@/lib/auth/page-principal";

const SECTIONS = [
  { href: "/seller", label: "My products", permission: "products:write" },
  { href: "/seller/products/new", label: "New product", permission: "products:write" },
  { href: "/seller/orders", label: "Orders", permission: "orders:fulfil" },
  { href: "/seller/webhooks", label: "Webhooks", permission: "webhooks:manage" },
] as const;

/** The seller console: for users who sell (products:write) or fulfil (orders:fulfil); each page checks its own. */
export default async function SellerLayout({ children }: { children: React.ReactNode }) {
  const principal = await requireUser("/seller");
  const visible = SECTIONS.filter((s) => principal.permissions.has(s.permission));
  if (!visible.length) return <Forbidden />;
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav aria-label="Seller" className="flex flex-col gap-1 text-sm">
        <p className="mb-2 font-semibold uppercase tracking-wide text-slate-500">Seller</p>
        {visible.map((s) => (
          <Link key={s.href} href={s.href} className="rounded px-2 py-1 hover:bg-slate-200">
            {s.label}
          </Link>
        ))}
      </nav>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
