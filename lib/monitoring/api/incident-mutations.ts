import "server-only";
import { eq } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { incidents } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { allowedIncidentMoves, canMoveIncident } from "./incident-transitions";
import { getIncidentOrThrow, incidentAlerts, lockIncidentOrThrow } from "./queries";
import type { CreateIncidentInput, IncidentStatus, PatchIncidentInput } from "./schemas";
import { serializeAlert, serializeIncident } from "./serializers";
import { appendTimeline, timelineEntry, type TimelineEntry } from "./timeline";

/** An incident with its alerts and timeline, as GET /incidents/{id}/ answers. */
export async function incidentDetail(id: number, database: DbOrTx = db()) {
  const incident = await getIncidentOrThrow(id, database);
  const rows = await incidentAlerts(id, database);
  return { ...serializeIncident(incident), alerts: rows.map(serializeAlert) };
}
export type IncidentDetail = Awaited<ReturnType<typeof incidentDetail>>;

/** Opened by hand by an admin: always open, not AI-detected, with a first timeline entry. */
export async function createIncident(principal: Principal, input: CreateIncidentInput, meta: RequestMeta): Promise<IncidentDetail> {
  return db().transaction(async (tx) => {
    const entry = timelineEntry("opened", principal, "Opened by hand.");
    const [row] = await tx
      .insert(incidents)
      .values({
        title: input.title,
        description: input.description,
        incidentType: input.incident_type,
        severity: input.severity,
        status: "open",
        timeline: [entry],
        metadata: { origin: "manual", created_by: principal.userId },
      })
      .returning({ id: incidents.id });
    if (!row) throw new Error("incident insert returned no row");
    await audit(
      { action: "INCIDENT_CREATE", targetType: "INCIDENT", targetId: row.id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { incident_type: input.incident_type, severity: input.severity } },
      tx,
    );
    return incidentDetail(row.id, tx);
  });
}

/**
 * Status through the state machine (resolved_at and closed_at set on the way, resolved_at cleared on reopening),
 * severity, resolution text and notes. Every change is one timeline entry; an illegal move is a 409 naming the
 * allowed ones.
 */
export async function updateIncident(principal: Principal, id: number, input: PatchIncidentInput, meta: RequestMeta): Promise<IncidentDetail> {
  return db().transaction(async (tx) => {
    const current = await lockIncidentOrThrow(tx, id);
    const from = current.status as IncidentStatus;
    const now = new Date();
    const entries: TimelineEntry[] = [];
    const set: Partial<typeof incidents.$inferInsert> = {};
    if (input.status !== undefined && input.status !== from) {
      if (!canMoveIncident(from, input.status)) throw illegalMove(from, input.status);
      set.status = input.status;
      if (input.status === "resolved") set.resolvedAt = now;
      if (input.status === "closed") set.closedAt = now;
      if (input.status === "investigating" && from === "resolved") set.resolvedAt = null;
      entries.push(timelineEntry("status_changed", principal, `Status changed from ${from} to ${input.status}.`, { from, to: input.status }, now));
    } else if (input.status !== undefined) {
      throw illegalMove(from, input.status);
    }
    if (input.severity !== undefined && input.severity !== current.severity) {
      set.severity = input.severity;
      entries.push(timelineEntry("severity_changed", principal, `Severity changed from ${current.severity} to ${input.severity}.`, { from: current.severity, to: input.severity }, now));
    }
    if (input.resolution !== undefined && input.resolution !== current.resolution) {
      set.resolution = input.resolution;
      entries.push(timelineEntry("resolution_updated", principal, "Resolution updated.", {}, now));
    }
    if (input.note !== undefined) entries.push(timelineEntry("note", principal, input.note, {}, now));
    if (entries.length) {
      await tx.update(incidents).set({ ...set, timeline: appendTimeline(current.timeline, ...entries) }).where(eq(incidents.id, id));
      await audit(
        { action: "INCIDENT_UPDATE", targetType: "INCIDENT", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { events: entries.map((e) => e.event), from, to: set.status ?? from } },
        tx,
      );
    }
    return incidentDetail(id, tx);
  });
}

function illegalMove(from: IncidentStatus, to: IncidentStatus): ApiError {
  const allowed = allowedIncidentMoves(from);
  const hint = allowed.length ? `it can move to ${allowed.join(" or ")}` : "it is final";
  return new ApiError("conflict", `An incident that is ${from} cannot become ${to}: ${hint}.`, { extensions: { current_status: from, allowed_statuses: allowed } });
}
