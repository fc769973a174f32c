import { and, eq, inArray, sql } from "drizzle-orm";
import { db, queryRows } from "@/db/client";
import { alerts, incidents } from "@/db/schema";
import type { AlertChanges, SeenAlert } from "./alerts";
import { SEVERITY_RANK, type CycleContext, type Finding } from "./types";

export type IncidentRow = typeof incidents.$inferSelect;
export type TimelineEntry = { at: string; event: string; detail: string };
type Group = { key: string; type: "security" | "outage" | "performance" | "other"; title: string };

const OPEN_INCIDENT = ["open", "investigating"];
const INCIDENT_SEVERITY: Record<string, string> = { warning: "medium", critical: "high", emergency: "critical" };
const INCIDENT_RANK: Record<string, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export const timelineEntry = (at: Date, event: string, detail: string): TimelineEntry => ({ at: at.toISOString(), event, detail: detail.slice(0, 1000) });
export const appendTimeline = (entries: TimelineEntry[]) => sql`${incidents.timeline} || ${JSON.stringify(entries)}::jsonb`;

/** Security findings about the same IP or account share an incident; any other critical alert joins one per kind. */
export function groupOf(f: Finding): Group | null {
  if (f.type === "security" && f.subject?.ip) return { key: `ip:${f.subject.ip}`, type: "security", title: `Attack from ${f.subject.ip}` };
  if (f.type === "security" && f.subject?.account) return { key: `account:${f.subject.account}`, type: "security", title: `Attack on account ${f.subject.account}` };
  if ((SEVERITY_RANK[f.severity] ?? 0) < SEVERITY_RANK.critical!) return null;
  if (f.type === "security") return { key: `security:${f.fingerprint}`, type: "security", title: f.title };
  if (f.type === "database" || f.type === "system") return { key: "outage", type: "outage", title: "Outage: a dependency or resource is failing" };
  if (f.type === "business") return { key: "business", type: "other", title: "Business signals out of range" };
  return { key: "performance", type: "performance", title: "Degraded service: errors or slow responses" };
}

async function openIncidentFor(ctx: CycleContext, g: Group, s: SeenAlert, opened: IncidentRow[]): Promise<IncidentRow> {
  const [found] = await db()
    .select()
    .from(incidents)
    .where(and(inArray(incidents.status, OPEN_INCIDENT), sql`${incidents.metadata}->>'group' = ${g.key}`))
    .limit(1);
  if (found) return found;
  const [row] = await db()
    .insert(incidents)
    .values({
      title: g.title.slice(0, 200),
      description: s.finding.message,
      incidentType: g.type,
      severity: INCIDENT_SEVERITY[s.finding.severity] ?? "medium",
      aiDetected: true,
      timeline: [timelineEntry(ctx.now, "opened", `Opened by the monitoring agent for: ${s.finding.title}`)],
      metadata: { group: g.key, subject: s.finding.subject ?? null },
      createdAt: ctx.now,
    })
    .returning();
  opened.push(row!);
  return row!;
}

/** Attaches new (or newly critical) alerts to their incident, opening it if needed; returns the incidents opened. */
export async function groupIncidents(ctx: CycleContext, changes: AlertChanges): Promise<IncidentRow[]> {
  const opened: IncidentRow[] = [];
  for (const s of changes.seen) {
    const g = groupOf(s.finding);
    if (!g) continue;
    if (s.alert.incidentId !== null && !s.raised) continue;
    const incident = s.alert.incidentId !== null ? (await db().select().from(incidents).where(eq(incidents.id, s.alert.incidentId)))[0] : await openIncidentFor(ctx, g, s, opened);
    if (!incident) continue;
    const severity = INCIDENT_SEVERITY[s.finding.severity] ?? "medium";
    const raise = (INCIDENT_RANK[severity] ?? 0) > (INCIDENT_RANK[incident.severity] ?? 0);
    const event = s.alert.incidentId === null ? timelineEntry(ctx.now, "alert_attached", `Alert #${s.alert.id} (${s.finding.severity}): ${s.finding.title}`) : timelineEntry(ctx.now, "alert_escalated", `Alert #${s.alert.id} is now ${s.finding.severity}: ${s.finding.title}`);
    await db()
      .update(incidents)
      .set({ timeline: appendTimeline([event]), ...(raise ? { severity } : {}) })
      .where(eq(incidents.id, incident.id));
    if (s.alert.incidentId === null) {
      await db().update(alerts).set({ incidentId: incident.id }).where(eq(alerts.id, s.alert.id));
      s.alert.incidentId = incident.id;
    }
  }
  return opened;
}

/** Open incidents that have alerts, none of them still open, are resolved. Returns how many. */
export async function resolveClearedIncidents(ctx: CycleContext): Promise<number> {
  const rows = await queryRows<{ id: number | string; n: number | string }>(
    db(),
    sql`select i.id, count(a.id) as n from incidents i join alerts a on a.incident_id = i.id
        where i.status in ('open', 'investigating') group by i.id
        having count(*) filter (where a.status in ('active', 'acknowledged')) = 0`,
  );
  for (const r of rows) {
    const detail = `All ${r.n} alert(s) of this incident are resolved.`;
    await db()
      .update(incidents)
      .set({ status: "resolved", resolvedAt: ctx.now, aiResolved: true, resolution: detail, timeline: appendTimeline([timelineEntry(ctx.now, "resolved", detail)]) })
      .where(and(eq(incidents.id, Number(r.id)), inArray(incidents.status, OPEN_INCIDENT)));
  }
  return rows.length;
}
