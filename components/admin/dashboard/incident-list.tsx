import { SeverityBadge, StatusBadge } from "./badges";
import { utcTime, valueText, words } from "./format";
import type { DashboardIncident } from "./types";

/** Open incidents with their timeline (oldest entry first, as recorded): when, what, who, and the words. */
export function IncidentList({ incidents }: { incidents: DashboardIncident[] }) {
  if (!incidents.length) return <p className="text-sm text-slate-600">No open incidents.</p>;
  return (
    <ul className="space-y-3">
      {incidents.map((i) => (
        <li key={i.id} data-testid="incident" data-incident-id={i.id} className="rounded-lg border border-slate-200 bg-white p-3">
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={i.severity} />
            <StatusBadge status={i.status} />
            <h3 className="font-medium text-slate-900">{i.title}</h3>
          </div>
          {i.description && <p className="mt-1 text-sm whitespace-pre-line text-slate-700">{i.description}</p>}
          <p className="mt-1 text-xs text-slate-500">
            #{i.id} · {words(i.incident_type)} · opened {utcTime(i.created_at)}
            {i.ai_detected && " · detected by the agent"}
          </p>
          {i.timeline.length > 0 && (
            <ol aria-label={`Timeline of incident #${i.id}`} className="mt-2 space-y-1 border-l-2 border-slate-200 pl-3 text-xs">
              {i.timeline.map((e, n) => (
                <li key={n}>
                  <span className="font-mono text-slate-500">{utcTime(typeof e.at === "string" ? e.at : null)}</span>{" "}
                  <span className="font-medium text-slate-800">{words(valueText(e.event))}</span>
                  {e.actor !== undefined && <span className="text-slate-500"> by {valueText(e.actor)}</span>}
                  {(e.detail ?? e.message) !== undefined && <span className="text-slate-700"> — {valueText(e.detail ?? e.message)}</span>}
                </li>
              ))}
            </ol>
          )}
        </li>
      ))}
    </ul>
  );
}
