import { z } from "zod";
import type { agentActions, alerts, healthSnapshots, incidents, ipBlocks } from "@/db/schema";
import type { Probe } from "@/lib/monitoring/health-probes";
import type { RequestPoint, RouteSummary } from "@/lib/monitoring/request-queries";
import { isoTimestamp } from "@/lib/openapi/doc";
import { ACTION_STATUSES, ALERT_SEVERITIES, ALERT_STATUSES, ALERT_TYPES, INCIDENT_SEVERITIES, INCIDENT_STATUSES, INCIDENT_TYPES } from "./schemas";

/**
 * What leaves the server: fields listed one by one with the original's names (§2.6), never a row spread. Free text
 * (titles, messages, explanations) is returned as stored: plain text the dashboard renders as text.
 */
export type AlertRow = typeof alerts.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;
export type ActionRow = typeof agentActions.$inferSelect;
export type HealthRow = typeof healthSnapshots.$inferSelect;
export type IpBlockRow = typeof ipBlocks.$inferSelect;

// ---- the response bodies, as documented in the OpenAPI document; the serializers below are typed against them ----

const id = z.number().int();
const jsonObject = z.record(z.string(), z.unknown());
const userId = (what: string) => id.nullable().describe(`The admin who ${what}; null until then (or once that user is deleted)`);

export const alertSchema = z.object({
  id,
  alert_type: z.enum(ALERT_TYPES),
  severity: z.enum(ALERT_SEVERITIES),
  title: z.string(),
  message: z.string(),
  source: z.string().describe('"manual" for an alert raised by hand, else the detector that raised it'),
  status: z.enum(ALERT_STATUSES),
  fingerprint: z.string().describe("The condition the alert describes: a recurrence of it updates this alert instead of opening another"),
  incident_id: id.nullable().describe("The incident the agent grouped it into, if any"),
  occurrences: z.number().int().min(1),
  evidence: jsonObject.describe("The numbers the detector saw"),
  notes: z.string().describe("The admins' notes (PATCH); empty when none"),
  ai_action_taken: z.boolean(),
  ai_action_description: z.string(),
  metadata: jsonObject,
  created_at: isoTimestamp,
  last_seen_at: isoTimestamp,
  acknowledged_at: isoTimestamp.nullable(),
  acknowledged_by: userId("acknowledged it"),
  resolved_at: isoTimestamp.nullable(),
  resolved_by: userId("resolved it (null too when the agent resolved it)"),
});

const text = z.string();
export const timelineEntrySchema = z
  .object({
    at: text.optional().describe("When (ISO 8601)"),
    event: text.optional().describe("opened, status_changed, severity_changed, resolution_updated, note, alert_attached, alert_escalated, alert_acknowledged, alert_resolved, resolved …"),
    detail: text.optional().describe("What happened, in plain words"),
    message: text.optional(),
    actor: text.optional().describe('"user:<id>" for an admin, "agent" for the monitoring agent'),
    actor_user_id: id.nullable().optional(),
    alert_id: id.optional(),
    action_id: id.optional(),
    from: text.optional(),
    to: text.optional(),
    status: text.optional(),
  })
  .describe("One timeline entry, oldest first; only these fields are passed on, each only when the stored entry has it");

export const incidentSchema = z.object({
  id,
  title: z.string(),
  description: z.string(),
  incident_type: z.enum(INCIDENT_TYPES),
  severity: z.enum(INCIDENT_SEVERITIES),
  status: z.enum(INCIDENT_STATUSES),
  ai_detected: z.boolean(),
  ai_resolved: z.boolean(),
  resolution: z.string(),
  timeline: z.array(timelineEntrySchema),
  metadata: jsonObject,
  created_at: isoTimestamp,
  resolved_at: isoTimestamp.nullable(),
  closed_at: isoTimestamp.nullable(),
});

/** GET /incidents/{id}/, and what creating or changing one answers: the incident with its alerts (oldest first, at most 200). */
export const incidentDetailSchema = incidentSchema.extend({ alerts: z.array(alertSchema) });

export const actionSchema = z.object({
  id,
  action_type: z.string().describe("block_ip, lock_account, revoke_sessions, tighten_rate_limit, revalidate_cache, read_only_mode or notify_admins"),
  description: z.string(),
  explanation: z.string().describe("Why the agent acted, in plain language"),
  triggered_by: z.string(),
  target: z.string().nullable().describe("What it acts on (an IP address, an account, a policy), if anything"),
  status: z.enum(ACTION_STATUSES),
  mode: z.string().describe('The agent\'s mode when it decided: "act" or "dry-run"'),
  success: z.boolean().nullable().describe("Null until it has run"),
  result_message: z.string(),
  evidence: jsonObject,
  metadata: jsonObject,
  alert_id: id.nullable(),
  incident_id: id.nullable(),
  requires_approval: z.boolean(),
  approved_by: userId("approved it"),
  undone_by: userId("undid it"),
  created_at: isoTimestamp,
  executed_at: isoTimestamp.nullable(),
  completed_at: isoTimestamp.nullable(),
  expires_at: isoTimestamp.nullable().describe("When its effect ends (or, waiting for approval, when the proposal lapses)"),
  undone_at: isoTimestamp.nullable(),
});

export const healthSnapshotSchema = z.object({
  id,
  overall_status: z.enum(["healthy", "degraded", "unhealthy", "critical"]),
  api_status: z.string().describe("operational, degraded or down"),
  database_status: z.string(),
  cache_status: z.string(),
  cpu_usage: z.number(),
  memory_usage: z.number(),
  disk_usage: z.number(),
  avg_response_time: z.number().describe("Milliseconds"),
  error_rate: z.number().describe("Percent of requests answered 5xx"),
  active_alerts_count: z.number().int(),
  critical_alerts_count: z.number().int(),
  active_incidents_count: z.number().int(),
  metadata: jsonObject,
  timestamp: isoTimestamp,
});

export const ipBlockSchema = z.object({
  id,
  ip: z.string(),
  reason: z.string(),
  action_id: id.nullable().describe("The agent action that blocked it, if any"),
  created_by: id.nullable(),
  created_at: isoTimestamp,
  expires_at: isoTimestamp,
});

const ms = z.number().nullable().describe("Milliseconds; null when there were no requests");

export const requestPointSchema = z.object({
  t: isoTimestamp.describe("Start of the step"),
  requests: z.number().int(),
  errors: z.number().int().describe("Answered 5xx"),
  error_rate: z.number().describe("Percent of requests answered 5xx"),
  client_errors: z.number().int().describe("Answered 4xx"),
  avg_ms: ms,
  p50: ms,
  p95: ms,
  p99: ms,
});

export const routeSummarySchema = z.object({
  route: z.string().describe("The route pattern, e.g. /api/products/[id]/"),
  method: z.string(),
  requests: z.number().int(),
  errors: z.number().int(),
  error_rate: z.number(),
  by_class: z.record(z.string(), z.number().int()).describe('Requests per status class ("2xx", "4xx" …)'),
  avg_ms: ms,
  p50: ms,
  p95: ms,
  p99: ms,
});

export const probeSchema = z.object({
  name: z.string(),
  status: z.enum(["ok", "degraded", "down"]),
  value: z.number().nullable(),
  unit: z.string(),
  detail: z.string(),
});

// ---- serializers ----

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
// The enumerated fields are varchar columns whose check constraints (db/schema/monitoring.ts) hold them to the
// documented values: the casts below narrow the type, they do not change the value.
type Alert = z.input<typeof alertSchema>;
type Incident = z.input<typeof incidentSchema>;
type Action = z.input<typeof actionSchema>;
type HealthSnapshot = z.input<typeof healthSnapshotSchema>;

export function serializeAlert(a: AlertRow): Alert {
  const metadata = record(a.metadata);
  return {
    id: a.id,
    alert_type: a.alertType as Alert["alert_type"],
    severity: a.severity as Alert["severity"],
    title: a.title,
    message: a.message,
    source: a.source,
    status: a.status as Alert["status"],
    fingerprint: a.fingerprint,
    incident_id: a.incidentId,
    occurrences: a.occurrences,
    evidence: record(a.evidence),
    notes: typeof metadata.notes === "string" ? metadata.notes : "",
    ai_action_taken: a.aiActionTaken,
    ai_action_description: a.aiActionDescription,
    metadata,
    created_at: a.createdAt.toISOString(),
    last_seen_at: a.lastSeenAt.toISOString(),
    acknowledged_at: iso(a.acknowledgedAt),
    acknowledged_by: a.acknowledgedBy,
    resolved_at: iso(a.resolvedAt),
    resolved_by: a.resolvedBy,
  };
}
export type SerializedAlert = Alert;

/**
 * Timeline entries are written by the agent and by these endpoints; only the known fields are passed on, each only
 * when the stored value has the documented type (a stored entry is jsonb: nothing else vouches for it).
 */
type TimelineEntryOut = z.input<typeof timelineEntrySchema>;
const TIMELINE_TEXT = ["at", "event", "detail", "message", "actor", "from", "to", "status"] as const;
const TIMELINE_IDS = ["alert_id", "action_id"] as const;
const isId = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
export function serializeTimeline(value: unknown): TimelineEntryOut[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => {
    const e = record(entry);
    const out: TimelineEntryOut = {};
    for (const k of TIMELINE_TEXT) if (typeof e[k] === "string") out[k] = e[k];
    for (const k of TIMELINE_IDS) if (isId(e[k])) out[k] = e[k];
    if (e.actor_user_id === null || isId(e.actor_user_id)) out.actor_user_id = e.actor_user_id;
    return out;
  });
}

export function serializeIncident(i: IncidentRow): Incident {
  return {
    id: i.id,
    title: i.title,
    description: i.description,
    incident_type: i.incidentType as Incident["incident_type"],
    severity: i.severity as Incident["severity"],
    status: i.status as Incident["status"],
    ai_detected: i.aiDetected,
    ai_resolved: i.aiResolved,
    resolution: i.resolution,
    timeline: serializeTimeline(i.timeline),
    metadata: record(i.metadata),
    created_at: i.createdAt.toISOString(),
    resolved_at: iso(i.resolvedAt),
    closed_at: iso(i.closedAt),
  };
}

export function serializeAction(a: ActionRow): Action {
  return {
    id: a.id,
    action_type: a.actionType,
    description: a.description,
    explanation: a.explanation,
    triggered_by: a.triggeredBy,
    target: a.target,
    status: a.status as Action["status"],
    mode: a.mode,
    success: a.success,
    result_message: a.resultMessage,
    evidence: record(a.evidence),
    metadata: record(a.metadata),
    alert_id: a.alertId,
    incident_id: a.incidentId,
    requires_approval: a.requiresApproval,
    approved_by: a.approvedBy,
    undone_by: a.undoneBy,
    created_at: a.createdAt.toISOString(),
    executed_at: iso(a.executedAt),
    completed_at: iso(a.completedAt),
    expires_at: iso(a.expiresAt),
    undone_at: iso(a.undoneAt),
  };
}

export function serializeHealth(h: HealthRow): HealthSnapshot {
  return {
    id: h.id,
    overall_status: h.overallStatus as HealthSnapshot["overall_status"],
    api_status: h.apiStatus,
    database_status: h.databaseStatus,
    cache_status: h.cacheStatus,
    cpu_usage: h.cpuUsage,
    memory_usage: h.memoryUsage,
    disk_usage: h.diskUsage,
    avg_response_time: h.avgResponseTime,
    error_rate: h.errorRate,
    active_alerts_count: h.activeAlertsCount,
    critical_alerts_count: h.criticalAlertsCount,
    active_incidents_count: h.activeIncidentsCount,
    metadata: record(h.metadata),
    timestamp: h.timestamp.toISOString(),
  };
}

export function serializeIpBlock(b: IpBlockRow): z.input<typeof ipBlockSchema> {
  return {
    id: b.id,
    ip: b.ip,
    reason: b.reason,
    action_id: b.actionId,
    created_by: b.createdBy,
    created_at: b.createdAt.toISOString(),
    expires_at: b.expiresAt.toISOString(),
  };
}

export function serializeRequestPoint(p: RequestPoint): z.input<typeof requestPointSchema> {
  return {
    t: p.t,
    requests: p.requests,
    errors: p.errors,
    error_rate: p.errorRate,
    client_errors: p.clientErrors,
    avg_ms: p.avgMs,
    p50: p.p50,
    p95: p.p95,
    p99: p.p99,
  };
}

export function serializeRouteSummary(r: RouteSummary): z.input<typeof routeSummarySchema> {
  return {
    route: r.route,
    method: r.method,
    requests: r.requests,
    errors: r.errors,
    error_rate: r.errorRate,
    by_class: r.byClass,
    avg_ms: r.avgMs,
    p50: r.p50,
    p95: r.p95,
    p99: r.p99,
  };
}

export function serializeProbe(p: Probe): z.input<typeof probeSchema> {
  return { name: p.name, status: p.status, value: p.value, unit: p.unit, detail: p.detail };
}
