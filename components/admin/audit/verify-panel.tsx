import type { ChainReportBody } from "@/lib/audit/serializers";

const REASONS = { content_changed: "content changed", link_broken: "link to the previous row broken" } as const;

/**
 * "Verify chain": a GET form (a plain link could be prefetched, and each verification is itself audited), carrying
 * the current filters so the table stays as it was. Shows the report when there is one.
 */
export function VerifyPanel({ report, filters }: { report: ChainReportBody | null; filters: Record<string, string> }) {
  return (
    <section aria-labelledby="verify-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="verify-heading" className="font-semibold">
          Hash chain
        </h2>
        <form method="get" action="/admin/audit">
          {Object.entries(filters).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <input type="hidden" name="verify" value="1" />
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            Verify chain
          </button>
        </form>
      </div>
      {report === null ? (
        <p className="mt-2 text-sm text-slate-600">Recomputes every row&apos;s hash and its link to the row before it.</p>
      ) : report.ok ? (
        <p role="status" className="mt-3 rounded border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          Chain intact: {report.checked.toLocaleString("en-US")} rows checked, none altered, removed or inserted.
          {report.write_failures > 0 && ` ${report.write_failures} audit writes failed on this instance since it started.`}
        </p>
      ) : (
        <div role="alert" className="mt-3 rounded border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900">
          <p className="font-medium">
            Chain broken: {report.broken_count.toLocaleString("en-US")} of {report.checked.toLocaleString("en-US")} rows fail verification
            (first: #{report.first_broken_id}).
          </p>
          <ul className="mt-2 list-inside list-disc font-mono text-xs">
            {report.broken.map((b) => (
              <li key={b.id}>
                row #{b.id}: {REASONS[b.reason]}
              </li>
            ))}
          </ul>
          {report.broken_count > report.broken.length && <p className="mt-2">Only the first {report.broken.length} are listed.</p>}
          {report.write_failures > 0 && <p className="mt-2">{report.write_failures} audit writes failed on this instance since it started.</p>}
        </div>
      )}
    </section>
  );
}
