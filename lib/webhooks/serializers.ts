import type { z } from "zod";
import type { webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { WEBHOOK_EVENTS, type WebhookEventType } from "./events";
import type {
  webhookAttemptSchema,
  webhookDeliveryDetailSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookPayloadSchema,
} from "./schemas";

export type EndpointRow = typeof webhookEndpoints.$inferSelect & { ownerEmail: string };
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const isEvent = (e: string): e is WebhookEventType => (WEBHOOK_EVENTS as readonly string[]).includes(e);

/** Fields are listed, never spread: the encrypted secret never leaves the server. */
export function serializeEndpoint(e: EndpointRow): z.input<typeof webhookEndpointSchema> {
  return {
    id: e.id,
    owner: e.ownerId,
    owner_email: e.ownerEmail,
    url: e.url,
    description: e.description,
    events: e.events.filter(isEvent),
    is_active: e.isActive,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
    secret_rotated_at: e.secretRotatedAt.toISOString(),
  };
}

export function serializeDelivery(d: DeliveryRow): z.input<typeof webhookDeliverySchema> {
  return {
    id: d.id,
    endpoint: d.endpointId,
    event_id: d.eventId,
    event_type: d.eventType as z.input<typeof webhookDeliverySchema>["event_type"],
    status: d.status as z.input<typeof webhookDeliverySchema>["status"],
    attempt_count: d.attemptCount,
    next_attempt_at: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    last_attempt_at: iso(d.lastAttemptAt),
    last_response_status: d.lastResponseStatus,
    last_error: d.lastError,
    redelivery_of: d.redeliveryOf,
    created_at: d.createdAt.toISOString(),
    completed_at: iso(d.completedAt),
  };
}

export function serializeAttempt(a: AttemptRow): z.input<typeof webhookAttemptSchema> {
  return {
    attempt_number: a.attemptNumber,
    started_at: a.startedAt.toISOString(),
    duration_ms: a.durationMs,
    response_status: a.responseStatus,
    response_body_excerpt: a.responseBodyExcerpt,
    error: a.error,
  };
}

/** `showPayload`: whether the caller still holds the view the payload was built for (else it is withheld). */
export function serializeDeliveryDetail(
  d: DeliveryRow,
  attempts: AttemptRow[],
  showPayload: boolean,
): z.input<typeof webhookDeliveryDetailSchema> {
  return {
    ...serializeDelivery(d),
    payload: showPayload ? (JSON.parse(d.payload) as z.input<typeof webhookPayloadSchema>) : null,
    payload_withheld: !showPayload,
    last_response_excerpt: d.lastResponseExcerpt,
    attempts: attempts.map(serializeAttempt),
  };
}
