import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, eq, inArray, ne } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { alerts, incidents } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { getAlertOrThrow, lockAlertOrThrow, lockIncidentOrThrow, OPEN_ALERT_STATUSES } from "./queries";
import type { CreateAlertInput } from "./schemas";
import { serializeAlert, type AlertRow, type IncidentRow, type SerializedAlert } from "./serializers";
import { appendTimeline, timelineEntry, type TimelineEntry } from "./timeline";

/**
 * Alert changes made by admins: raise one by hand, keep notes, acknowledge, resolve. Each runs in one transaction
 * with its audit row. Locks go incident first, then alert (the agent's order too), so a human change and a cycle
 * never deadlock; resolving an incident's last open alert resolves the incident, with a timeline entry.
 */

export async function createAlert(principal: Principal, input: CreateAlertInput, meta: RequestMeta): Promise<SerializedAlert> {
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(alerts)
      .values({
        // a hand-made alert never merges with the agent's (whose fingerprints describe a condition)
        fingerprint: `manual:${randomUUID()}`,
        alertType: input.alert_type,
        severity: input.severity,
        title: input.title,
        message: input.message,
        source: input.source,
        metadata: { origin: "manual", created_by: principal.userId },
      })
      .returning();
    if (!row) throw new Error("alert insert returned no row");
    await audit(
      { action: "ALERT_CREATE", targetType: "ALERT", targetId: row.id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { alert_type: row.alertType, severity: row.severity, source: row.source } },
      tx,
    );
    return serializeAlert(row);
  });
}

export async function updateAlertNotes(principal: Principal, id: number, notes: string, meta: RequestMeta): Promise<SerializedAlert> {
  return db().transaction(async (tx) => {
    const current = await lockAlertOrThrow(tx, id);
    const metadata = { ...(current.metadata as Record<string, unknown>), notes, notes_by: principal.userId, notes_at: new Date().toISOString() };
    const [row] = await tx.update(alerts).set({ metadata }).where(eq(alerts.id, id)).returning();
    await audit({ action: "ALERT_UPDATE", targetType: "ALERT", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { fields: ["notes"] } }, tx);
    return serializeAlert(row ?? current);
  });
}

/** Locks the alert's incident (if any) and then the alert; the alert's incident must not have changed in between. */
async function lockAlertWithIncident(tx: Tx, id: number): Promise<{ alert: AlertRow; incident: IncidentRow | null }> {
  const peek = await getAlertOrThrow(id, tx);
  const incident = peek.incidentId !== null ? await lockIncidentOrThrow(tx, peek.incidentId) : null;
  const alert = await lockAlertOrThrow(tx, id);
  if (alert.incidentId !== (incident?.id ?? null)) {
    throw new ApiError("conflict", "The alert was just regrouped by the agent; try again.");
  }
  return { alert, incident };
}

function conflict(alert: AlertRow, wanted: string): ApiError {
  return new ApiError("conflict", `This alert is ${alert.status}: only ${wanted} alerts can be changed this way.`, { extensions: { current_status: alert.status } });
}

export async function acknowledgeAlert(principal: Principal, id: number, note: string | undefined, meta: RequestMeta): Promise<SerializedAlert> {
  return db().transaction(async (tx) => {
    const { alert, incident } = await lockAlertWithIncident(tx, id);
    if (alert.status !== "active") throw conflict(alert, "active");
    const now = new Date();
    const [row] = await tx.update(alerts).set({ status: "acknowledged", acknowledgedAt: now, acknowledgedBy: principal.userId }).where(eq(alerts.id, id)).returning();
    if (incident) {
      const entry = timelineEntry("alert_acknowledged", principal, `Alert #${id} "${alert.title}" acknowledged${note ? `: ${note}` : "."}`, { alert_id: id }, now);
      await tx.update(incidents).set({ timeline: appendTimeline(incident.timeline, entry) }).where(eq(incidents.id, incident.id));
    }
    await audit({ action: "ALERT_ACKNOWLEDGE", targetType: "ALERT", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { note: note ?? null, incident_id: incident?.id ?? null } }, tx);
    return serializeAlert(row ?? alert);
  });
}

export async function resolveAlert(principal: Principal, id: number, note: string | undefined, meta: RequestMeta): Promise<SerializedAlert> {
  return db().transaction(async (tx) => {
    const { alert, incident } = await lockAlertWithIncident(tx, id);
    if (!(OPEN_ALERT_STATUSES as readonly string[]).includes(alert.status)) throw conflict(alert, "active or acknowledged");
    const now = new Date();
    const [row] = await tx.update(alerts).set({ status: "resolved", resolvedAt: now, resolvedBy: principal.userId }).where(eq(alerts.id, id)).returning();
    let incidentResolved = false;
    if (incident) incidentResolved = await recordOnIncident(tx, incident, alert, principal, note, now, meta);
    await audit(
      { action: "ALERT_RESOLVE", targetType: "ALERT", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { from: alert.status, note: note ?? null, incident_id: incident?.id ?? null, incident_resolved: incidentResolved } },
      tx,
    );
    return serializeAlert(row ?? alert);
  });
}

/** Adds the resolution to the incident's timeline; resolves the incident when this was its last open alert. */
async function recordOnIncident(tx: Tx, incident: IncidentRow, alert: AlertRow, principal: Principal, note: string | undefined, now: Date, meta: RequestMeta): Promise<boolean> {
  const [others] = await tx
    .select({ n: count() })
    .from(alerts)
    .where(and(eq(alerts.incidentId, incident.id), ne(alerts.id, alert.id), inArray(alerts.status, [...OPEN_ALERT_STATUSES])));
  const entries: TimelineEntry[] = [timelineEntry("alert_resolved", principal, `Alert #${alert.id} "${alert.title}" resolved${note ? `: ${note}` : "."}`, { alert_id: alert.id }, now)];
  const resolveIncident = (others?.n ?? 0) === 0 && (incident.status === "open" || incident.status === "investigating");
  if (resolveIncident) {
    entries.push(timelineEntry("status_changed", principal, "Incident resolved: its last open alert was resolved.", { from: incident.status, to: "resolved" }, now));
  }
  await tx
    .update(incidents)
    .set({
      timeline: appendTimeline(incident.timeline, ...entries),
      ...(resolveIncident ? { status: "resolved", resolvedAt: now, resolution: incident.resolution || "All of its alerts were resolved." } : {}),
    })
    .where(eq(incidents.id, incident.id));
  if (resolveIncident) {
    await audit({ action: "INCIDENT_RESOLVE", targetType: "INCIDENT", targetId: incident.id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { from: incident.status, to: "resolved", via_alert: alert.id } }, tx);
  }
  return resolveIncident;
}
