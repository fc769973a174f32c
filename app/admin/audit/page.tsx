import type { Metadata } from "next";
import { headers } from "next/headers";
import { AuditFilterForm } from "@/components/admin/audit/audit-filter-form";
import { AuditTable } from "@/components/admin/audit/audit-table";
import { VerifyPanel } from "@/components/admin/audit/verify-panel";
import { Forbidden } from "@/components/forbidden";
import { Pagination } from "@/components/storefront/pagination";
import { listAuditEntries, verifyChainAndRecord } from "@/lib/audit/queries";
import { AUDIT_FILTER_KEYS, auditListQuery } from "@/lib/audit/schemas";
import { serializeAuditEntry } from "@/lib/audit/serializers";
import { requirePermission } from "@/lib/auth/page-principal";
import { requestMeta } from "@/lib/security/request-meta";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export default async function AuditLogPage({ searchParams }: { searchParams: SearchParams }) {
  const principal = await requirePermission("/admin/audit", "audit:read");
  if (!principal) return <Forbidden />;

  const raw = await searchParams;
  // Only the filters the log understands are read and carried in links; empty form fields are dropped.
  const filters: Record<string, string> = {};
  for (const k of AUDIT_FILTER_KEYS) {
    const v = first(raw[k])?.trim();
    if (v) filters[k] = v;
  }
  const pageParam = first(raw.page);
  const parsed = auditListQuery.safeParse({ ...filters, ...(pageParam ? { page: pageParam } : {}), page_size: String(PAGE_SIZE) });

  const [result, report] = await Promise.all([
    parsed.success ? listAuditEntries(parsed.data) : Promise.resolve(null),
    first(raw.verify) === "1" ? verifyChainAndRecord(principal.userId, requestMeta(await headers())) : Promise.resolve(null),
  ]);
  const page = parsed.success ? parsed.data.page : 1;
  const pageCount = result ? Math.max(1, Math.ceil(result.count / PAGE_SIZE)) : 1;
  const query = new URLSearchParams(filters).toString();
  const filterHref = (key: string, value: string) => `/admin/audit?${new URLSearchParams({ ...filters, [key]: value })}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold">Audit log</h1>
        <a
          href={`/api/audit/export/${query ? `?${query}` : ""}`}
          download
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100"
        >
          Export CSV
        </a>
      </div>

      <AuditFilterForm values={filters} />
      <VerifyPanel report={report} filters={filters} />

      {!parsed.success || !result ? (
        <p role="alert" className="rounded border border-rose-200 bg-rose-50 p-4 text-rose-800">
          Some filters are not valid:{" "}
          {parsed.success ? "" : parsed.error.issues.map((i) => `${i.path.join(".") || "filters"} ${i.message}`).join("; ")}.
        </p>
      ) : (
        <section aria-labelledby="entries-heading">
          <h2 id="entries-heading" className="sr-only">
            Entries
          </h2>
          <p className="text-sm text-slate-600" aria-live="polite">
            {result.count.toLocaleString("en-US")} entries
          </p>
          <AuditTable entries={result.rows.map(serializeAuditEntry)} filterHref={filterHref} />
          <Pagination basePath="/admin/audit" params={filters} page={page} pageCount={pageCount} />
        </section>
      )}
    </div>
  );
}
