import { StatusBadge } from "./badges";
import { decimal, utcTime } from "./format";
import type { Dashboard, DashboardProbe } from "./types";

/** Each dependency and resource this instance probes: status, the measured value, and what it means. */
export function DependencyList({ probes }: { probes: DashboardProbe[] }) {
  if (!probes.length) return <p className="text-sm text-slate-600">No probes reported.</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
      {probes.map((p) => (
        <li key={p.name} data-testid="dependency" className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2 text-sm">
          <span className="w-28 font-medium text-slate-900">{p.name}</span>
          <StatusBadge status={p.status} />
          <span className="tabular-nums text-slate-700">{p.value === null ? "—" : `${decimal(p.value)} ${p.unit}`}</span>
          <span className="basis-full text-xs text-slate-500 sm:basis-auto">{p.detail}</span>
        </li>
      ))}
    </ul>
  );
}

/** IP addresses refused at the edge right now, with why and until when (undo the block from its action). */
export function BlockedIpList({ blocked }: { blocked: Dashboard["blocked_ips"] }) {
  if (!blocked.items.length) return <p className="text-sm text-slate-600">No IP address is blocked.</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
      {blocked.items.map((b) => (
        <li key={b.id} data-testid="blocked-ip" className="px-3 py-2 text-sm">
          <span className="font-mono font-medium text-slate-900">{b.ip}</span>
          <span className="text-xs text-slate-500">
            {" "}
            until {utcTime(b.expires_at)}
            {b.action_id !== null && ` · action #${b.action_id}`}
          </span>
          <p className="text-xs whitespace-pre-line text-slate-600">{b.reason}</p>
        </li>
      ))}
      {blocked.count > blocked.items.length && <li className="px-3 py-2 text-xs text-slate-500">and {blocked.count - blocked.items.length} more</li>}
    </ul>
  );
}
