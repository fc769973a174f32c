import { alertDecisionAction } from "@/lib/monitoring/dashboard-actions";
import { ActionForm, type ActionButton } from "./action-form";
import { SeverityBadge, StatusBadge } from "./badges";
import { EvidenceList } from "./evidence-list";
import { count, utcTime, words } from "./format";
import type { DashboardAlert } from "./types";

function buttonsFor(a: DashboardAlert): ActionButton[] {
  const out: ActionButton[] = [];
  if (a.status === "active") out.push({ decision: "acknowledge", label: "Acknowledge" });
  if (a.status === "active" || a.status === "acknowledged") out.push({ decision: "resolve", label: "Resolve" });
  return out;
}

/** The last day's alerts, newest first: severity, status, what was seen (message and evidence), and the buttons. */
export function AlertList({ alerts, canAct, onChanged }: { alerts: DashboardAlert[]; canAct: boolean; onChanged: () => Promise<unknown> }) {
  if (!alerts.length) return <p className="text-sm text-slate-600">No alerts in the last 24 hours.</p>;
  return (
    <ul className="space-y-3">
      {alerts.map((a) => {
        const buttons = canAct ? buttonsFor(a) : [];
        return (
          <li key={a.id} data-testid="alert" data-alert-id={a.id} className="rounded-lg border border-slate-200 bg-white p-3">
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={a.severity} />
              <StatusBadge status={a.status} testId="alert-status" />
              <h3 className="font-medium text-slate-900">{a.title}</h3>
            </div>
            <p className="mt-1 text-sm whitespace-pre-line text-slate-700">{a.message}</p>
            <p className="mt-1 text-xs text-slate-500">
              #{a.id} · {words(a.alert_type)} · source {a.source} · seen {count(a.occurrences)}× · first {utcTime(a.created_at)} · last {utcTime(a.last_seen_at)}
              {a.incident_id !== null && ` · incident #${a.incident_id}`}
              {a.acknowledged_at && ` · acknowledged ${utcTime(a.acknowledged_at)}`}
              {a.resolved_at && ` · resolved ${utcTime(a.resolved_at)}`}
            </p>
            {a.ai_action_taken && a.ai_action_description && <p className="mt-1 text-xs text-slate-600">Agent: {a.ai_action_description}</p>}
            {a.notes && <p className="mt-1 text-xs whitespace-pre-line text-slate-600">Notes: {a.notes}</p>}
            <EvidenceList evidence={a.evidence} />
            {buttons.length > 0 && (
              <div className="mt-2">
                <ActionForm action={alertDecisionAction} label={`Alert #${a.id}`} fields={{ alert_id: String(a.id) }} buttons={buttons} onDone={onChanged} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
