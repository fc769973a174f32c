import type { agentActions, alerts, healthSnapshots, incidents, ipBlocks } from "@/db/schema";
import type { Probe } from "@/lib/monitoring/health-probes";
import type { RequestPoint, RouteSummary } from "@/lib/monitoring/request-queries";

/**
 * What leaves the server: fields listed one by one with the original's names (§2.6), never a row spread. Free text
 * (titles, messages, explanations) is returned as stored: plain text the dashboard renders as text.
 */
export type AlertRow = typeof alerts.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;
export type ActionRow = typeof agentActions.$inferSelect;
export type HealthRow = typeof healthSnapshots.$inferSelect;
export type IpBlockRow = typeof ipBlocks.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function serializeAlert(a: AlertRow) {
  const metadata = record(a.metadata);
  return {
    id: a.id,
    alert_type: a.alertType,
    severity: a.severity,
    title: a.title,
    message: a.message,
    source: a.source,
    status: a.status,
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
export type SerializedAlert = ReturnType<typeof serializeAlert>;

/** Timeline entries are written by the agent and by these endpoints; only known primitive fields are passed on. */
const TIMELINE_FIELDS = ["at", "event", "detail", "message", "actor", "actor_user_id", "alert_id", "action_id", "from", "to", "status"] as const;
export function serializeTimeline(value: unknown): Record<string, string | number | boolean | null>[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => {
    const e = record(entry);
    const out: Record<string, string | number | boolean | null> = {};
    for (const k of TIMELINE_FIELDS) {
      const v = e[k];
      if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
    }
    return out;
  });
}

export function serializeIncident(i: IncidentRow) {
  return {
    id: i.id,
    title: i.title,
    description: i.description,
    incident_type: i.incidentType,
    severity: i.severity,
    status: i.status,
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

export function serializeAction(a: ActionRow) {
  return {
    id: a.id,
    action_type: a.actionType,
    description: a.description,
    explanation: a.explanation,
    triggered_by: a.triggeredBy,
    target: a.target,
    status: a.status,
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

export function serializeHealth(h: HealthRow) {
  return {
    id: h.id,
    overall_status: h.overallStatus,
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

export function serializeIpBlock(b: IpBlockRow) {
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

export function serializeRequestPoint(p: RequestPoint) {
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

export function serializeRouteSummary(r: RouteSummary) {
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

export function serializeProbe(p: Probe) {
  return { name: p.name, status: p.status, value: p.value, unit: p.unit, detail: p.detail };
}
