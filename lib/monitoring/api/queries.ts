import "server-only";
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { agentActions, alerts, healthSnapshots, incidents, ipBlocks } from "@/db/schema";
import { ApiError } from "@/lib/http/problem";
import { pageWindow } from "@/lib/http/pagination";
import type { ActionListQuery, AlertListQuery, IncidentListQuery } from "./schemas";
import type { ActionRow, AlertRow, HealthRow, IncidentRow, IpBlockRow } from "./serializers";

/** Reads of the monitoring tables for the API: newest first, the id breaking ties so pages never repeat a row. */
type Paged<T> = { count: number; rows: T[] };
type PageQuery = { page: number; page_size: number };

export const OPEN_ALERT_STATUSES = ["active", "acknowledged"] as const;
export const OPEN_INCIDENT_STATUSES = ["open", "investigating"] as const;

async function paged<T>(where: SQL | undefined, q: PageQuery, countRows: (w: SQL | undefined) => Promise<number>, rows: (w: SQL | undefined, limit: number, offset: number) => Promise<T[]>): Promise<Paged<T>> {
  const { limit, offset } = pageWindow(q.page, q.page_size);
  const [total, list] = await Promise.all([countRows(where), rows(where, limit, offset)]);
  return { count: total, rows: list };
}

export function listAlerts(q: AlertListQuery): Promise<Paged<AlertRow>> {
  const where = and(
    q.alert_type ? eq(alerts.alertType, q.alert_type) : undefined,
    q.severity ? eq(alerts.severity, q.severity) : undefined,
    q.status ? eq(alerts.status, q.status) : undefined,
    q.incident !== undefined ? eq(alerts.incidentId, q.incident) : undefined,
  );
  return paged(
    where,
    q,
    async (w) => (await db().select({ n: count() }).from(alerts).where(w))[0]?.n ?? 0,
    (w, limit, offset) => db().select().from(alerts).where(w).orderBy(desc(alerts.createdAt), desc(alerts.id)).limit(limit).offset(offset),
  );
}

export async function getAlertOrThrow(id: number, database: DbOrTx = db()): Promise<AlertRow> {
  const [row] = await database.select().from(alerts).where(eq(alerts.id, id)).limit(1);
  if (!row) throw new ApiError("not_found", "No alert with this id.");
  return row;
}

/** The alert row locked for update (inside a transaction): the agent's cycle and a human change one after the other. */
export async function lockAlertOrThrow(tx: DbOrTx, id: number): Promise<AlertRow> {
  const [row] = await tx.select().from(alerts).where(eq(alerts.id, id)).for("update");
  if (!row) throw new ApiError("not_found", "No alert with this id.");
  return row;
}

export function listIncidents(q: IncidentListQuery): Promise<Paged<IncidentRow>> {
  const where = and(
    q.status ? eq(incidents.status, q.status) : undefined,
    q.severity ? eq(incidents.severity, q.severity) : undefined,
    q.incident_type ? eq(incidents.incidentType, q.incident_type) : undefined,
  );
  return paged(
    where,
    q,
    async (w) => (await db().select({ n: count() }).from(incidents).where(w))[0]?.n ?? 0,
    (w, limit, offset) => db().select().from(incidents).where(w).orderBy(desc(incidents.createdAt), desc(incidents.id)).limit(limit).offset(offset),
  );
}

export async function getIncidentOrThrow(id: number, database: DbOrTx = db()): Promise<IncidentRow> {
  const [row] = await database.select().from(incidents).where(eq(incidents.id, id)).limit(1);
  if (!row) throw new ApiError("not_found", "No incident with this id.");
  return row;
}

export async function lockIncidentOrThrow(tx: DbOrTx, id: number): Promise<IncidentRow> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for("update");
  if (!row) throw new ApiError("not_found", "No incident with this id.");
  return row;
}

/** An incident's alerts, oldest first (the order they joined it); bounded. */
export function incidentAlerts(incidentId: number, database: DbOrTx = db(), limit = 200): Promise<AlertRow[]> {
  return database.select().from(alerts).where(eq(alerts.incidentId, incidentId)).orderBy(asc(alerts.createdAt), asc(alerts.id)).limit(limit);
}

export function listActions(q: ActionListQuery): Promise<Paged<ActionRow>> {
  const where = and(q.action_type ? eq(agentActions.actionType, q.action_type) : undefined, q.status ? eq(agentActions.status, q.status) : undefined);
  return paged(
    where,
    q,
    async (w) => (await db().select({ n: count() }).from(agentActions).where(w))[0]?.n ?? 0,
    (w, limit, offset) => db().select().from(agentActions).where(w).orderBy(desc(agentActions.createdAt), desc(agentActions.id)).limit(limit).offset(offset),
  );
}

export async function getActionOrThrow(id: number): Promise<ActionRow> {
  const [row] = await db().select().from(agentActions).where(eq(agentActions.id, id)).limit(1);
  if (!row) throw new ApiError("not_found", "No agent action with this id.");
  return row;
}

export function listHealthSnapshots(q: PageQuery): Promise<Paged<HealthRow>> {
  return paged(
    undefined,
    q,
    async () => (await db().select({ n: count() }).from(healthSnapshots))[0]?.n ?? 0,
    (_w, limit, offset) => db().select().from(healthSnapshots).orderBy(desc(healthSnapshots.timestamp), desc(healthSnapshots.id)).limit(limit).offset(offset),
  );
}

export async function getHealthSnapshotOrThrow(id: number): Promise<HealthRow> {
  const [row] = await db().select().from(healthSnapshots).where(eq(healthSnapshots.id, id)).limit(1);
  if (!row) throw new ApiError("not_found", "No health snapshot with this id.");
  return row;
}

// ---- for the dashboard ----

export async function latestHealthSnapshot(): Promise<HealthRow | null> {
  const [row] = await db().select().from(healthSnapshots).orderBy(desc(healthSnapshots.timestamp), desc(healthSnapshots.id)).limit(1);
  return row ?? null;
}

export function recentAlerts(since: Date, limit = 10): Promise<AlertRow[]> {
  return db().select().from(alerts).where(gte(alerts.createdAt, since)).orderBy(desc(alerts.createdAt), desc(alerts.id)).limit(limit);
}

export function activeIncidents(limit = 50): Promise<IncidentRow[]> {
  return db()
    .select()
    .from(incidents)
    .where(inArray(incidents.status, [...OPEN_INCIDENT_STATUSES]))
    .orderBy(desc(incidents.createdAt), desc(incidents.id))
    .limit(limit);
}

export function recentActions(since: Date, limit = 10): Promise<ActionRow[]> {
  return db().select().from(agentActions).where(gte(agentActions.createdAt, since)).orderBy(desc(agentActions.createdAt), desc(agentActions.id)).limit(limit);
}

/** IP blocks in force now (not lifted, not expired): the count and the latest ones. */
export async function activeIpBlocks(now: Date, limit = 50): Promise<{ count: number; rows: IpBlockRow[] }> {
  const where = and(isNull(ipBlocks.liftedAt), gt(ipBlocks.expiresAt, now));
  const [total, rows] = await Promise.all([
    db().select({ n: count() }).from(ipBlocks).where(where),
    db().select().from(ipBlocks).where(where).orderBy(desc(ipBlocks.createdAt), desc(ipBlocks.id)).limit(limit),
  ]);
  return { count: total[0]?.n ?? 0, rows };
}

/** Alerts that are open (active or acknowledged), by status, for the dashboard tiles. */
export async function openAlertCounts(): Promise<{ active: number; acknowledged: number; critical: number }> {
  const rows = await db()
    .select({ status: alerts.status, severity: alerts.severity, n: count() })
    .from(alerts)
    .where(inArray(alerts.status, [...OPEN_ALERT_STATUSES]))
    .groupBy(alerts.status, alerts.severity);
  const out = { active: 0, acknowledged: 0, critical: 0 };
  for (const r of rows) {
    if (r.status === "active") out.active += r.n;
    else out.acknowledged += r.n;
    if (r.severity === "critical" || r.severity === "emergency") out.critical += r.n;
  }
  return out;
}
