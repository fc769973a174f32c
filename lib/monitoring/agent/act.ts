import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { alerts, incidents } from "@/db/schema";
import { carryOut, type CarryOut } from "./actions/execute";
import type { Proposal } from "./actions/types";
import type { SeenAlert } from "./alerts";
import { decide } from "./decide";
import { appendTimeline, timelineEntry, type IncidentRow } from "./incidents";
import { SEVERITY_RANK, type CycleContext } from "./types";

export type ActResult = { taken: number; pendingApproval: number; outcomes: { type: string; target: string; outcome: string; action_id: number | null; note?: string }[] };

const STATUS_WORDS: Record<string, string> = { taken: "done", dry_run: "dry run, nothing changed", awaiting_approval: "waiting for approval", suppressed: "suppressed by the hourly cap", skipped: "skipped", failed: "failed" };

/** Tells the alert and its incident what was decided (only when something was recorded or a guardrail said no). */
async function annotate(ctx: CycleContext, p: Proposal, r: CarryOut): Promise<void> {
  if (p.alertId !== null) {
    const text = r.note ? `No action: ${r.note}` : `${p.description}: ${STATUS_WORDS[r.outcome] ?? r.outcome} (action #${r.row?.id}).`;
    await db().update(alerts).set({ aiActionDescription: text, ...(r.outcome === "taken" ? { aiActionTaken: true } : {}) }).where(eq(alerts.id, p.alertId));
  }
  if (!r.row) return;
  // a notification concerns every incident it announced; any other action its alert's incident
  const notified = p.type === "notify_admins" ? ((p.evidence.incidents as number[] | undefined) ?? []) : [];
  const ids = p.type === "notify_admins" ? notified : p.incidentId !== null ? [p.incidentId] : [];
  const event = p.type === "notify_admins" ? "admins_notified" : `action_${r.outcome}`;
  const entry = timelineEntry(ctx.now, event, `${p.description} — ${r.row.resultMessage || STATUS_WORDS[r.outcome]} (action #${r.row.id})`);
  for (const id of ids) await db().update(incidents).set({ timeline: appendTimeline([entry]) }).where(eq(incidents.id, id));
}

/** One notification per cycle about what is new and serious: incidents opened, alerts opened or raised to critical. */
function notification(ctx: CycleContext, seen: SeenAlert[], opened: IncidentRow[]): Proposal | null {
  const serious = seen.filter((s) => (s.isNew || s.raised) && (SEVERITY_RANK[s.alert.severity] ?? 0) >= SEVERITY_RANK.critical!);
  if (!serious.length && !opened.length) return null;
  const lines = [
    ...opened.map((i) => `Incident #${i.id} opened (${i.incidentType}, ${i.severity}): ${i.title}`),
    ...serious.map((s) => `Alert #${s.alert.id} (${s.alert.severity}): ${s.alert.title}\n  ${s.alert.message}`),
  ];
  const subject = opened.length ? `${opened.length} incident(s) opened` : `${serious.length} critical alert(s)`;
  return {
    type: "notify_admins",
    target: `cycle:${ctx.now.toISOString()}`,
    minutes: 0,
    alertId: null,
    incidentId: opened[0]?.id ?? null,
    evidence: { incidents: opened.map((i) => i.id), alerts: serious.map((s) => s.alert.id) },
    description: `Notify administrators: ${subject}`,
    explanation: lines.join("\n"),
    params: {
      subject,
      text: `The monitoring agent saw:\n\n${lines.join("\n")}`,
      payload: { incidents: opened.map((i) => ({ id: i.id, type: i.incidentType, severity: i.severity, title: i.title })), alerts: serious.map((s) => ({ id: s.alert.id, severity: s.alert.severity, title: s.alert.title, message: s.alert.message, evidence: s.alert.evidence })) },
    },
  };
}

/** Decide and act on this cycle's alerts, then notify. Sequential: the hourly cap counts each action as it lands. */
export async function act(ctx: CycleContext, seen: SeenAlert[], opened: IncidentRow[]): Promise<ActResult> {
  const out: ActResult = { taken: 0, pendingApproval: 0, outcomes: [] };
  const proposals = decide(ctx, seen);
  const notify = notification(ctx, seen, opened);
  if (notify) proposals.push(notify);
  for (const p of proposals) {
    const r = await carryOut(ctx, p);
    if (r.outcome === "taken" || r.outcome === "dry_run") out.taken++;
    if (r.outcome === "awaiting_approval") out.pendingApproval++;
    if (r.outcome !== "duplicate" && r.outcome !== "off") await annotate(ctx, p, r);
    out.outcomes.push({ type: p.type, target: p.target, outcome: r.outcome, action_id: r.row?.id ?? null, ...(r.note ? { note: r.note } : {}) });
  }
  return out;
}
