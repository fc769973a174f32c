import type { AuditEntry } from "@/lib/audit/serializers";
import { ResultBadge } from "./result-badge";

function target(e: AuditEntry): string {
  return e.target_id === null ? e.target_type : `${e.target_type} #${e.target_id}`;
}

/** The log as a table. Every value is rendered as React text, so a hostile user agent or metadata stays inert. */
export function AuditTable({ entries, filterHref }: { entries: AuditEntry[]; filterHref: (key: string, value: string) => string }) {
  if (!entries.length) return <p className="mt-3 text-slate-600">No audit entries match these filters.</p>;
  return (
    <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Audit log entries</caption>
        <thead className="bg-slate-100 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Time (UTC)</th>
            <th scope="col" className="px-3 py-2">Actor</th>
            <th scope="col" className="px-3 py-2">Action</th>
            <th scope="col" className="px-3 py-2">Target</th>
            <th scope="col" className="px-3 py-2">Result</th>
            <th scope="col" className="px-3 py-2">IP</th>
            <th scope="col" className="px-3 py-2">Request id</th>
            <th scope="col" className="px-3 py-2">Metadata</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {entries.map((e) => (
            <tr key={e.id} id={`audit-${e.id}`}>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                <time dateTime={e.occurred_at}>{e.occurred_at.replace("T", " ").replace(/\.\d+Z$/, "")}</time>
                <span className="block text-slate-500">#{e.id}</span>
              </td>
              <td className="px-3 py-2">
                {e.actor_user_id === null ? (
                  <span className="text-slate-500">—</span>
                ) : (
                  <a href={filterHref("actor", String(e.actor_user_id))} className="hover:underline" title={`Filter by user ${e.actor_user_id}`}>
                    {e.actor_email ?? `user ${e.actor_user_id}`}
                  </a>
                )}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
              <td className="px-3 py-2 text-xs">{target(e)}</td>
              <td className="px-3 py-2">
                <ResultBadge result={e.result} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{e.ip ?? "—"}</td>
              <td className="px-3 py-2 font-mono text-xs">
                {e.request_id === null ? (
                  "—"
                ) : (
                  <a href={filterHref("request_id", e.request_id)} className="break-all hover:underline" title="Filter by this request id">
                    {e.request_id}
                  </a>
                )}
              </td>
              <td className="max-w-xs px-3 py-2">
                <code className="break-all text-xs text-slate-700">{JSON.stringify(e.metadata)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
