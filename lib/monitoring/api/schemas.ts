import { z } from "zod";
import { paginationQuery } from "@/lib/http/pagination";
import { faultRouteKey, isFaultableRoute } from "@/lib/monitoring/faults";
import { plainTextSchema } from "@/lib/http/plain-text";

/** The monitoring API's inputs (original field names, §2.6). Every body is strict: unknown fields are named and refused. */

export const ALERT_TYPES = ["system", "performance", "security", "database", "application", "business"] as const;
export const ALERT_SEVERITIES = ["info", "warning", "critical", "emergency"] as const;
export const ALERT_STATUSES = ["active", "acknowledged", "resolved", "dismissed"] as const;
export const INCIDENT_TYPES = ["outage", "performance", "security", "data_loss", "other"] as const;
export const INCIDENT_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const INCIDENT_STATUSES = ["open", "investigating", "resolved", "closed"] as const;
export const ACTION_STATUSES = ["pending", "awaiting_approval", "executing", "completed", "failed", "rolled_back", "expired", "dry_run"] as const;
export const RANGES = ["1h", "24h", "7d"] as const;

export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(", ")}` });

const plainText = plainTextSchema;

/** Fields only the server (or the agent) sets: refused with a message that says which endpoint changes them. */
const serverOwned = (message: string) => z.never({ error: message }).optional();

export const idParams = z.strictObject({ id: z.string().regex(/^\d{1,15}$/, "must be a numeric id").transform(Number) });

// ---- alerts ----

export const alertListQuery = z.strictObject({
  ...paginationQuery,
  alert_type: oneOf(ALERT_TYPES).optional(),
  severity: oneOf(ALERT_SEVERITIES).optional(),
  status: oneOf(ALERT_STATUSES).optional(),
  incident: z.string().regex(/^\d{1,15}$/, "must be a numeric id").transform(Number).optional(),
});
export type AlertListQuery = z.output<typeof alertListQuery>;

const ALERT_SERVER_OWNED = {
  status: serverOwned("status changes through acknowledge/ and resolve/ only."),
  acknowledged_at: serverOwned("acknowledged_at is set by acknowledge/."),
  resolved_at: serverOwned("resolved_at is set by resolve/."),
  ai_action_taken: serverOwned("ai_action_taken is set by the agent."),
  ai_action_description: serverOwned("ai_action_description is set by the agent."),
  evidence: serverOwned("evidence is recorded by the agent."),
  fingerprint: serverOwned("fingerprint is computed by the server."),
  incident_id: serverOwned("incident_id is set when the agent groups alerts."),
};

/** POST /api/monitoring/alerts/ — an alert raised by hand (admins only; the original let any user). */
export const createAlertSchema = z.strictObject({
  alert_type: oneOf(ALERT_TYPES),
  severity: oneOf(ALERT_SEVERITIES).default("warning"),
  title: plainText("title", { min: 1, max: 200, oneLine: true }),
  message: plainText("message", { min: 1, max: 5000 }),
  source: plainText("source", { min: 1, max: 100, oneLine: true }).default("manual"),
  ...ALERT_SERVER_OWNED,
});
export type CreateAlertInput = z.output<typeof createAlertSchema>;

/** PATCH /api/monitoring/alerts/{id}/ — only the admin's notes; the lifecycle has its own endpoints. */
export const patchAlertSchema = z.strictObject({
  notes: plainText("notes", { min: 0, max: 2000 }),
  ...ALERT_SERVER_OWNED,
  title: serverOwned("title cannot be changed: raise a new alert instead."),
  message: serverOwned("message cannot be changed: add notes instead."),
  severity: serverOwned("severity cannot be changed by hand."),
});

/** acknowledge/ and resolve/: an optional note recorded with the change. */
export const alertTransitionSchema = z.strictObject({ note: plainText("note", { min: 0, max: 1000 }).optional() });

// ---- incidents ----

export const incidentListQuery = z.strictObject({
  ...paginationQuery,
  status: oneOf(INCIDENT_STATUSES).optional(),
  severity: oneOf(INCIDENT_SEVERITIES).optional(),
  incident_type: oneOf(INCIDENT_TYPES).optional(),
});
export type IncidentListQuery = z.output<typeof incidentListQuery>;

const INCIDENT_SERVER_OWNED = {
  ai_detected: serverOwned("ai_detected is set by the agent."),
  ai_resolved: serverOwned("ai_resolved is set by the agent."),
  timeline: serverOwned("timeline is written by the server, one entry per change."),
  resolved_at: serverOwned("resolved_at is set when the status becomes resolved."),
  closed_at: serverOwned("closed_at is set when the status becomes closed."),
  created_at: serverOwned("created_at is set by the server."),
};

/** POST /api/monitoring/incidents/ — opened by hand; always starts open. */
export const createIncidentSchema = z.strictObject({
  title: plainText("title", { min: 1, max: 200, oneLine: true }),
  description: plainText("description", { min: 0, max: 5000 }).default(""),
  incident_type: oneOf(INCIDENT_TYPES),
  severity: oneOf(INCIDENT_SEVERITIES).default("medium"),
  status: serverOwned("A new incident is always open; change its status with PATCH."),
  ...INCIDENT_SERVER_OWNED,
});
export type CreateIncidentInput = z.output<typeof createIncidentSchema>;

/** PATCH /api/monitoring/incidents/{id}/ — status through the state machine, severity, resolution, a note. */
export const patchIncidentSchema = z
  .strictObject({
    status: oneOf(INCIDENT_STATUSES).optional(),
    severity: oneOf(INCIDENT_SEVERITIES).optional(),
    resolution: plainText("resolution", { min: 0, max: 5000 }).optional(),
    note: plainText("note", { min: 1, max: 1000 }).optional(),
    title: serverOwned("title cannot be changed: add a note instead."),
    incident_type: serverOwned("incident_type cannot be changed."),
    ...INCIDENT_SERVER_OWNED,
  })
  .refine((v) => v.status !== undefined || v.severity !== undefined || v.resolution !== undefined || v.note !== undefined, {
    error: "Send at least one of status, severity, resolution, note",
  });
export type PatchIncidentInput = z.output<typeof patchIncidentSchema>;

// ---- agent actions, health, metrics, dashboard ----

export const actionListQuery = z.strictObject({
  ...paginationQuery,
  action_type: z.string().regex(/^[a-z_]{1,32}$/, "must be an action type like block_ip").optional(),
  status: oneOf(ACTION_STATUSES).optional(),
});
export type ActionListQuery = z.output<typeof actionListQuery>;

export const emptyBodySchema = z.strictObject({});

export const healthListQuery = z.strictObject({ ...paginationQuery });

export const rangeQuery = z.strictObject({ range: oneOf(RANGES).default("1h") });
export type RangeName = (typeof RANGES)[number];

export const metricsQuery = z.strictObject({
  range: oneOf(RANGES).default("1h"),
  route: z
    .string()
    .max(200, "must be at most 200 characters")
    .regex(/^\/[A-Za-z0-9_\-./[\]]*$/, "must be a route pattern like /api/products/[id]/")
    .optional(),
  method: oneOf(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const).optional(),
});

// ---- fault injection ----

export const faultBodySchema = z.strictObject({
  route: z
    .string({ error: "route must be an API path like /api/products/" })
    .max(200, "route must be at most 200 characters")
    .regex(/^\/api\/[A-Za-z0-9_\-./[\]]*$/, "route must be an API path like /api/products/")
    .refine((r) => isFaultableRoute(faultRouteKey(r)), "route cannot be a monitoring, health or internal endpoint"),
  mode: oneOf(["error", "slow"] as const),
  rate: z.number({ error: "rate must be a number from 0 to 1" }).min(0, "rate must be from 0 to 1").max(1, "rate must be from 0 to 1"),
  duration_seconds: z
    .number({ error: "duration_seconds must be a whole number from 1 to 3600" })
    .int("duration_seconds must be a whole number from 1 to 3600")
    .min(1, "duration_seconds must be from 1 to 3600")
    .max(3600, "duration_seconds must be from 1 to 3600"),
});

export const faultClearQuery = z.strictObject({
  route: z.string().max(200, "must be at most 200 characters").regex(/^\/api\/[A-Za-z0-9_\-./[\]]*$/, "must be an API path like /api/products/").optional(),
});
