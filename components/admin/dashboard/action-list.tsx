import { agentDecisionAction } from "@/lib/monitoring/dashboard-actions";
import { ActionForm, type ActionButton } from "./action-form";
import { StatusBadge } from "./badges";
import { EvidenceList } from "./evidence-list";
import { utcTime, words } from "./format";
import type { ActionKindInfo, DashboardAction } from "./types";

/** The status in the words an admin uses ("undone", "waiting for approval"), not the stored codes. */
function statusWords(a: DashboardAction): string {
  if (a.undone_at || a.status === "rolled_back") return "undone";
  if (a.status === "pending" && a.requires_approval) return "waiting for approval";
  if (a.status === "dry_run") return "dry run: nothing changed";
  return words(a.status);
}

/** What can be done with the action now, judged at the data's own time (`now`, the server's generated_at). */
function buttonsFor(a: DashboardAction, kind: ActionKindInfo | undefined, now: string): ActionButton[] {
  const live = a.expires_at === null || a.expires_at > now;
  if (a.status === "completed" && !a.undone_at && live && kind?.undoable) return [{ decision: "undo", label: "Undo" }];
  if (a.status === "pending" && a.requires_approval && live && kind && !kind.cannotApply) return [{ decision: "approve", label: "Approve" }];
  return [];
}

/** The agent's recent actions: what, to what, why (explanation and evidence), the outcome, and undo or approve. */
export function ActionList({
  actions,
  kinds,
  now,
  canAct,
  onChanged,
}: {
  actions: DashboardAction[];
  kinds: Record<string, ActionKindInfo>;
  now: string;
  canAct: boolean;
  onChanged: () => Promise<unknown>;
}) {
  if (!actions.length) return <p className="text-sm text-slate-600">The agent took no action in the last 24 hours.</p>;
  return (
    <ul className="space-y-3">
      {actions.map((a) => {
        const kind = kinds[a.action_type];
        const buttons = canAct ? buttonsFor(a, kind, now) : [];
        const note = a.status === "completed" && !a.undone_at ? kind?.notUndoable : a.status === "pending" && a.requires_approval ? kind?.cannotApply : null;
        return (
          <li key={a.id} data-testid="agent-action" data-action-id={a.id} className="rounded-lg border border-slate-200 bg-white p-3">
            <div className="flex flex-wrap items-center gap-2">
              <span className="rounded bg-slate-800 px-1.5 py-0.5 text-xs font-semibold text-white">{words(a.action_type)}</span>
              <StatusBadge status={statusWords(a)} testId="action-status" />
              {a.mode !== "act" && <span className="text-xs text-slate-500">mode {a.mode}</span>}
              <h3 className="font-medium text-slate-900">{a.description}</h3>
            </div>
            <p className="mt-1 text-sm whitespace-pre-line text-slate-700">{a.explanation}</p>
            {a.result_message && <p className="mt-1 text-sm text-slate-600">Outcome: {a.result_message}</p>}
            <p className="mt-1 text-xs text-slate-500">
              #{a.id} · target {a.target ?? "—"} · by {a.triggered_by} · {utcTime(a.created_at)}
              {a.expires_at && ` · ${a.undone_at ? "was due to end" : "ends"} ${utcTime(a.expires_at)}`}
              {a.undone_at && ` · undone ${utcTime(a.undone_at)}`}
              {a.alert_id !== null && ` · alert #${a.alert_id}`}
              {a.incident_id !== null && ` · incident #${a.incident_id}`}
            </p>
            <EvidenceList evidence={a.evidence} />
            {note && <p className="mt-1 text-xs text-slate-500">{note}</p>}
            {buttons.length > 0 && (
              <div className="mt-2">
                <ActionForm action={agentDecisionAction} label={`Agent action #${a.id}`} fields={{ action_id: String(a.id) }} buttons={buttons} onDone={onChanged} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
