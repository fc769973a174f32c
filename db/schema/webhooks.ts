import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { bytea, users } from "./auth";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Webhook endpoints registered by sellers and admins (lib/webhooks/). The signing secret is stored encrypted
 * (AES-256-GCM, context "webhook-secret:<id>") because it must be read back to sign each delivery; it is shown
 * only when created or rotated.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey(),
    ownerId: bigint("owner_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    url: varchar("url", { length: 2048 }).notNull(),
    description: varchar("description", { length: 200 }).notNull().default(""),
    events: text("events").array().notNull(),
    secretEncrypted: bytea("secret_encrypted").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    secretRotatedAt: ts("secret_rotated_at").notNull().defaultNow(),
  },
  (t) => [
    index("webhook_endpoints_owner_idx").on(t.ownerId, t.createdAt),
    check("webhook_endpoints_events_nonempty", sql`cardinality(${t.events}) > 0`),
  ],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * The durable delivery queue: one row per (event, endpoint), written in the same transaction as the business change
 * (outbox). `payload` is the exact body that is signed and sent. A worker claims a due row by setting a lease
 * (`locked_until`, `locked_by`) under FOR UPDATE SKIP LOCKED; an expired lease (a crashed instance) makes the row
 * claimable again.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: uuid("event_id").notNull(),
    eventType: varchar("event_type", { length: 64 }).notNull(),
    payload: text("payload").notNull(),
    /**
     * The view the payload was built for ("all", "seller:<id>", "seller"; null for a ping, which carries no business
     * data). Checked again before each attempt and before the payload is shown (lib/webhooks/audience.ts).
     */
    audience: varchar("audience", { length: 64 }),
    status: varchar("status", { length: 16 }).notNull().default("pending"),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lockedUntil: ts("locked_until"),
    lockedBy: varchar("locked_by", { length: 64 }),
    lastAttemptAt: ts("last_attempt_at"),
    lastResponseStatus: integer("last_response_status"),
    lastResponseExcerpt: text("last_response_excerpt"),
    lastError: varchar("last_error", { length: 500 }),
    /** The delivery this one re-sends (POST …/redeliver/), if any. */
    redeliveryOf: uuid("redelivery_of"),
    createdAt: ts("created_at").notNull().defaultNow(),
    completedAt: ts("completed_at"),
  },
  (t) => [
    check("webhook_deliveries_status", sql`${t.status} in ('pending','succeeded','failed')`),
    check("webhook_deliveries_attempts_nonneg", sql`${t.attemptCount} >= 0`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_completed_idx")
      .on(t.completedAt)
      .where(sql`${t.status} <> 'pending'`),
  ],
);

/** One row per attempt: what was sent when, and what came back (the body cut to 2 KB). */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptNumber: integer("attempt_number").notNull(),
    startedAt: ts("started_at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    responseStatus: integer("response_status"),
    responseBodyExcerpt: text("response_body_excerpt"),
    error: varchar("error", { length: 500 }),
    workerId: varchar("worker_id", { length: 64 }).notNull(),
  },
  (t) => [
    unique("webhook_attempts_delivery_number_uq").on(t.deliveryId, t.attemptNumber),
    check(
      "webhook_attempts_excerpt_size",
      sql`${t.responseBodyExcerpt} is null or octet_length(${t.responseBodyExcerpt}) <= 2048`,
    ),
  ],
);
