import Link from "next/link";

const SECTIONS = [
  { href: "/account", label: "Profile" },
  { href: "/account/orders", label: "Orders" },
  { href: "/account/security", label: "Security" },
  { href: "/account/api-keys", label: "API keys" },
] as const;

/** The signed-in user's pages; each page checks the session itself (requireUser), the layout only lays out. */
export default function AccountLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav aria-label="Account" className="flex flex-col gap-1 text-sm">
        <p className="mb-2 font-semibold uppercase tracking-wide text-slate-500">Account</p>
        {SECTIONS.map((s) => (
          <Link key={s.href} href={s.href} className="rounded px-2 py-1 hover:bg-slate-200">
            {s.label}
          </Link>
        ))}
      </nav>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
