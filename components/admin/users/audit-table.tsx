import type { serializeAuditEntry } from "@/lib/users/serializers";
import { Badge } from "./badges";
import { formatDateTime } from "./format";

type Entry = ReturnType<typeof serializeAuditEntry>;

export function AuditTable({ entries }: { entries: Entry[] }) {
  if (!entries.length) return <p className="text-sm text-slate-600">No audit entries yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Recent audit entries by or about this user, newest first</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-3">When</th>
            <th scope="col" className="py-2 pr-3">Action</th>
            <th scope="col" className="py-2 pr-3">Result</th>
            <th scope="col" className="py-2 pr-3">IP</th>
            <th scope="col" className="py-2">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className="border-b border-slate-100 align-top">
              <td className="py-2 pr-3 whitespace-nowrap">{formatDateTime(e.occurred_at)}</td>
              <td className="py-2 pr-3 font-mono text-xs">{e.action}</td>
              <td className="py-2 pr-3">
                <Badge tone={e.result === "SUCCESS" ? "green" : e.result === "BLOCKED" ? "red" : "amber"}>{e.result}</Badge>
              </td>
              <td className="py-2 pr-3 font-mono text-xs">{e.ip ?? "—"}</td>
              <td className="py-2">
                {/* Metadata is shown as JSON text: whatever a client put in it can never become markup. */}
                <code className="block max-w-md break-all text-xs text-slate-700">{JSON.stringify(e.metadata)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
