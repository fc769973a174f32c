import { z } from "zod";
import { WEBHOOK_DELIVERY_STATUSES } from "@/db/schema/webhooks";
import { idParam } from "@/lib/catalog/schemas";
import { paginationQuery } from "@/lib/http/pagination";
import { boolParam } from "@/lib/http/query-params";
import { isoTimestamp } from "@/lib/openapi/doc";
import { WEBHOOK_EVENTS } from "./events";
import { MAX_URL_LENGTH } from "./events";

// ---- requests ----

const uuidParam = (what: string) => z.uuid({ error: `must be a ${what} id` });

export const webhookIdParams = z.strictObject({ id: uuidParam("webhook") });
export const deliveryParams = z.strictObject({
  id: uuidParam("webhook"),
  delivery_id: uuidParam("delivery"),
});

const eventName = z.enum(WEBHOOK_EVENTS, { error: `must be one of: ${WEBHOOK_EVENTS.join(", ")}` });

const events = z
  .array(eventName, { error: "must be a list of event names" })
  .min(1, "Subscribe to at least one event")
  .max(WEBHOOK_EVENTS.length, `At most ${WEBHOOK_EVENTS.length} events`)
  .refine((list) => new Set(list).size === list.length, "Each event may be listed once");

const url = z
  .string({ error: "url is required" })
  .trim()
  .min(1, "url is required")
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`);

const description = z.string({ error: "must be text" }).trim().max(200, "must be at most 200 characters");

export const createWebhookSchema = z.strictObject({
  url,
  events,
  description: description.default(""),
  is_active: z.boolean({ error: "must be true or false" }).default(true),
});
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .strictObject({
    url: url.optional(),
    events: events.optional(),
    description: description.optional(),
    is_active: z.boolean({ error: "must be true or false" }).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: "Send at least one of url, events, description, is_active.",
  });
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

export const webhookListQuery = z.strictObject({
  ...paginationQuery,
  owner: idParam.optional(),
  is_active: boolParam.optional(),
});
export type WebhookListQuery = z.output<typeof webhookListQuery>;

export const DELIVERY_EVENT_TYPES = [...WEBHOOK_EVENTS, "ping"] as const;

export const deliveryListQuery = z.strictObject({
  ...paginationQuery,
  status: z
    .enum(WEBHOOK_DELIVERY_STATUSES, { error: `must be one of: ${WEBHOOK_DELIVERY_STATUSES.join(", ")}` })
    .optional(),
  event: z
    .enum(DELIVERY_EVENT_TYPES, { error: `must be one of: ${DELIVERY_EVENT_TYPES.join(", ")}` })
    .optional(),
});
export type DeliveryListQuery = z.output<typeof deliveryListQuery>;

// ---- responses ----

export const webhookEndpointSchema = z.strictObject({
  id: z.uuid(),
  owner: z.number().int(),
  owner_email: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(eventName),
  is_active: z.boolean(),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
  secret_rotated_at: isoTimestamp,
});

/** Create and rotate only: the signing secret, shown this once. */
export const webhookWithSecretSchema = webhookEndpointSchema.extend({
  secret: z.string().regex(/^whsec_[A-Za-z0-9_-]{43}$/),
});

export const webhookDeliverySchema = z.strictObject({
  id: z.uuid(),
  endpoint: z.uuid(),
  event_id: z.uuid(),
  event_type: z.enum(DELIVERY_EVENT_TYPES),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempt_count: z.number().int().min(0),
  next_attempt_at: isoTimestamp.nullable(),
  last_attempt_at: isoTimestamp.nullable(),
  last_response_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  redelivery_of: z.uuid().nullable(),
  created_at: isoTimestamp,
  completed_at: isoTimestamp.nullable(),
});

export const webhookAttemptSchema = z.strictObject({
  attempt_number: z.number().int().min(1),
  started_at: isoTimestamp,
  duration_ms: z.number().int().min(0),
  response_status: z.number().int().nullable(),
  response_body_excerpt: z.string().nullable(),
  error: z.string().nullable(),
});

/** The body that was (or will be) sent, exactly as stored, and parsed for reading. */
export const webhookPayloadSchema = z.strictObject({
  id: z.uuid(),
  type: z.enum(DELIVERY_EVENT_TYPES),
  created_at: isoTimestamp,
  data: z.record(z.string(), z.unknown()),
});

export const webhookDeliveryDetailSchema = webhookDeliverySchema.extend({
  /** null (and `payload_withheld` true) when the caller no longer holds the view the payload was built for. */
  payload: webhookPayloadSchema.nullable(),
  payload_withheld: z.boolean(),
  last_response_excerpt: z.string().nullable(),
  attempts: z.array(webhookAttemptSchema),
});
