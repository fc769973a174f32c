import type { serializeAdminSession } from "@/lib/users/serializers";
import { Badge } from "./badges";
import { formatDateTime } from "./format";

type Session = ReturnType<typeof serializeAdminSession>;

export function SessionsTable({ sessions }: { sessions: Session[] }) {
  if (!sessions.length) return <p className="text-sm text-slate-600">No sessions.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Sessions, newest first</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-3">Kind</th>
            <th scope="col" className="py-2 pr-3">Started</th>
            <th scope="col" className="py-2 pr-3">Last seen</th>
            <th scope="col" className="py-2 pr-3">IP</th>
            <th scope="col" className="py-2 pr-3">Device</th>
            <th scope="col" className="py-2 pr-3">Methods</th>
            <th scope="col" className="py-2">State</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} className="border-b border-slate-100 align-top">
              <td className="py-2 pr-3">{s.kind}</td>
              <td className="py-2 pr-3 whitespace-nowrap">{formatDateTime(s.created_at)}</td>
              <td className="py-2 pr-3 whitespace-nowrap">{formatDateTime(s.last_seen_at)}</td>
              <td className="py-2 pr-3 font-mono text-xs">{s.ip ?? "—"}</td>
              <td className="max-w-64 truncate py-2 pr-3" title={s.user_agent}>
                {s.user_agent || "—"}
              </td>
              <td className="py-2 pr-3">{s.amr.join(", ") || "—"}</td>
              <td className="py-2">
                {s.revoked_at ? (
                  <Badge tone="slate" title={`Revoked ${formatDateTime(s.revoked_at)}`}>
                    Revoked{s.revoked_reason ? ` (${s.revoked_reason})` : ""}
                  </Badge>
                ) : (
                  <Badge tone="green">Live</Badge>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
