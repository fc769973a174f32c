import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Per-minute request metrics; every instance adds into the same rows (upsert with increments). */
export const metricBuckets = pgTable(
  "metric_buckets",
  {
    minute: ts("minute").notNull(),
    route: varchar("route", { length: 200 }).notNull(),
    method: varchar("method", { length: 10 }).notNull(),
    statusClass: varchar("status_class", { length: 3 }).notNull(),
    count: integer("count").notNull().default(0),
    errors: integer("errors").notNull().default(0),
    latencySumMs: doublePrecision("latency_sum_ms").notNull().default(0),
    /** Counts per fixed latency bucket (bounds in lib/monitoring), so percentiles add up across instances. */
    latencyHistogram: integer("latency_histogram").array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.minute, t.route, t.method, t.statusClass] }),
    index("metric_buckets_minute_idx").on(t.minute),
  ],
);

export const healthSnapshots = pgTable(
  "health_snapshots",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    overallStatus: varchar("overall_status", { length: 16 }).notNull(),
    apiStatus: varchar("api_status", { length: 16 }).notNull(),
    databaseStatus: varchar("database_status", { length: 16 }).notNull(),
    cacheStatus: varchar("cache_status", { length: 16 }).notNull(),
    cpuUsage: doublePrecision("cpu_usage").notNull().default(0),
    memoryUsage: doublePrecision("memory_usage").notNull().default(0),
    diskUsage: doublePrecision("disk_usage").notNull().default(0),
    avgResponseTime: doublePrecision("avg_response_time").notNull().default(0),
    errorRate: doublePrecision("error_rate").notNull().default(0),
    activeAlertsCount: integer("active_alerts_count").notNull().default(0),
    criticalAlertsCount: integer("critical_alerts_count").notNull().default(0),
    activeIncidentsCount: integer("active_incidents_count").notNull().default(0),
    metadata: jsonb("metadata").notNull().default({}),
    timestamp: ts("timestamp").notNull().defaultNow(),
  },
  (t) => [
    check("health_overall", sql`${t.overallStatus} in ('healthy', 'degraded', 'unhealthy', 'critical')`),
    index("health_snapshots_ts_idx").on(t.timestamp),
  ],
);

export const incidents = pgTable(
  "incidents",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    title: varchar("title", { length: 200 }).notNull(),
    description: text("description").notNull().default(""),
    incidentType: varchar("incident_type", { length: 16 }).notNull(),
    severity: varchar("severity", { length: 16 }).notNull().default("medium"),
    status: varchar("status", { length: 16 }).notNull().default("open"),
    aiDetected: boolean("ai_detected").notNull().default(false),
    aiResolved: boolean("ai_resolved").notNull().default(false),
    timeline: jsonb("timeline").notNull().default([]),
    resolution: text("resolution").notNull().default(""),
    metadata: jsonb("metadata").notNull().default({}),
    createdAt: ts("created_at").notNull().defaultNow(),
    resolvedAt: ts("resolved_at"),
    closedAt: ts("closed_at"),
  },
  (t) => [
    check("incidents_type", sql`${t.incidentType} in ('outage', 'performance', 'security', 'data_loss', 'other')`),
    check("incidents_severity", sql`${t.severity} in ('low', 'medium', 'high', 'critical')`),
    check("incidents_status", sql`${t.status} in ('open', 'investigating', 'resolved', 'closed')`),
    index("incidents_status_idx").on(t.status, t.severity),
  ],
);

export const alerts = pgTable(
  "alerts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    fingerprint: varchar("fingerprint", { length: 200 }).notNull(),
    alertType: varchar("alert_type", { length: 16 }).notNull(),
    severity: varchar("severity", { length: 16 }).notNull().default("warning"),
    title: varchar("title", { length: 200 }).notNull(),
    message: text("message").notNull(),
    source: varchar("source", { length: 100 }).notNull(),
    status: varchar("status", { length: 16 }).notNull().default("active"),
    evidence: jsonb("evidence").notNull().default({}),
    metadata: jsonb("metadata").notNull().default({}),
    incidentId: bigint("incident_id", { mode: "number" }).references(() => incidents.id, { onDelete: "set null" }),
    aiActionTaken: boolean("ai_action_taken").notNull().default(false),
    aiActionDescription: text("ai_action_description").notNull().default(""),
    occurrences: integer("occurrences").notNull().default(1),
    clearCycles: integer("clear_cycles").notNull().default(0),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    acknowledgedAt: ts("acknowledged_at"),
    acknowledgedBy: bigint("acknowledged_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    resolvedAt: ts("resolved_at"),
    resolvedBy: bigint("resolved_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check("alerts_type", sql`${t.alertType} in ('system', 'performance', 'security', 'database', 'application', 'business')`),
    check("alerts_severity", sql`${t.severity} in ('info', 'warning', 'critical', 'emergency')`),
    check("alerts_status", sql`${t.status} in ('active', 'acknowledged', 'resolved', 'dismissed')`),
    index("alerts_status_idx").on(t.status, t.severity),
    index("alerts_fingerprint_idx").on(t.fingerprint, t.status),
    index("alerts_created_idx").on(t.alertType, t.createdAt),
  ],
);

export const agentActions = pgTable(
  "agent_actions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actionType: varchar("action_type", { length: 32 }).notNull(),
    description: text("description").notNull(),
    explanation: text("explanation").notNull().default(""),
    triggeredBy: varchar("triggered_by", { length: 100 }).notNull(),
    target: varchar("target", { length: 200 }),
    status: varchar("status", { length: 16 }).notNull().default("pending"),
    mode: varchar("mode", { length: 16 }).notNull().default("act"),
    success: boolean("success"),
    resultMessage: text("result_message").notNull().default(""),
    evidence: jsonb("evidence").notNull().default({}),
    metadata: jsonb("metadata").notNull().default({}),
    alertId: bigint("alert_id", { mode: "number" }).references(() => alerts.id, { onDelete: "set null" }),
    incidentId: bigint("incident_id", { mode: "number" }).references(() => incidents.id, { onDelete: "set null" }),
    requiresApproval: boolean("requires_approval").notNull().default(false),
    approvedBy: bigint("approved_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    undoneBy: bigint("undone_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    executedAt: ts("executed_at"),
    completedAt: ts("completed_at"),
    expiresAt: ts("expires_at"),
    undoneAt: ts("undone_at"),
  },
  (t) => [
    check(
      "agent_actions_status",
      sql`${t.status} in ('pending', 'awaiting_approval', 'executing', 'completed', 'failed', 'rolled_back', 'expired', 'dry_run')`,
    ),
    index("agent_actions_type_idx").on(t.actionType, t.status),
    index("agent_actions_created_idx").on(t.status, t.createdAt),
  ],
);

export const ipBlocks = pgTable(
  "ip_blocks",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ip: inet("ip").notNull(),
    reason: text("reason").notNull(),
    actionId: bigint("action_id", { mode: "number" }).references(() => agentActions.id, { onDelete: "set null" }),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    liftedAt: ts("lifted_at"),
  },
  (t) => [index("ip_blocks_ip_idx").on(t.ip, t.expiresAt)],
);

