import "server-only";
import { randomUUID } from "node:crypto";
import { and, arrayContains, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import { loadUserAccess } from "@/lib/auth/user-access";
import { errorFields, log } from "@/lib/log";
import type { DeliveryEventType, WebhookEvent } from "./events";
import { eventBuilder, type EndpointOwner, type EventData } from "./payloads";

let enqueueFailures = 0;

/** Events that could not be queued since the process started (each one is also logged and audited). */
export function webhookEnqueueFailures(): number {
  return enqueueFailures;
}

/** The exact body that is stored, signed and sent: built once per endpoint at enqueue time, never re-serialised. */
export function eventBody(
  eventId: string,
  type: DeliveryEventType,
  createdAt: Date,
  data: EventData,
): string {
  return JSON.stringify({ id: eventId, type, created_at: createdAt.toISOString(), data });
}

/** Owners that may still receive webhooks: active, and still holding webhooks:manage. */
async function activeOwners(tx: DbOrTx, ownerIds: number[]): Promise<Map<number, EndpointOwner>> {
  const owners = new Map<number, EndpointOwner>();
  for (const id of ownerIds) {
    const access = await loadUserAccess(id, tx);
    if (access?.user.isActive && access.permissions.has("webhooks:manage")) {
      owners.set(id, { userId: id, email: access.user.email, permissions: access.permissions });
    }
  }
  return owners;
}

async function queueFor(tx: DbOrTx, event: WebhookEvent): Promise<number> {
  const builder = eventBuilder(tx, event);
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, ownerId: webhookEndpoints.ownerId })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.isActive, true),
        arrayContains(webhookEndpoints.events, [event.type]),
        builder.candidates,
      ),
    );
  if (!endpoints.length) return 0;
  const owners = await activeOwners(tx, [...new Set(endpoints.map((e) => e.ownerId))]);
  const cache = new Map<string, Promise<EventData | null>>();
  const eventId = randomUUID();
  const createdAt = new Date();
  const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
  for (const endpoint of endpoints) {
    const owner = owners.get(endpoint.ownerId);
    const audience = owner ? await builder.audience(owner) : null;
    if (!owner || audience === null) continue;
    if (!cache.has(audience)) cache.set(audience, builder.build(audience, owner));
    const data = await cache.get(audience)!;
    if (data)
      rows.push({
        endpointId: endpoint.id,
        eventId,
        eventType: event.type,
        payload: eventBody(eventId, event.type, createdAt, data),
        audience,
      });
  }
  if (rows.length) await tx.insert(webhookDeliveries).values(rows);
  return rows.length;
}

/**
 * Called by the business code INSIDE its transaction (outbox): the deliveries commit or roll back with the change,
 * so no event is sent for an order that was rolled back. A failure here (a bug in building a payload) does not fail
 * the customer's order: it runs in a savepoint and its own writes are undone; the event is then NOT queued, and that
 * is logged, counted and written to the audit log (WEBHOOK_ENQUEUE_FAILED) with the change. Returns how many
 * deliveries were queued.
 */
export async function enqueueWebhookEvent(tx: DbOrTx, event: WebhookEvent): Promise<number> {
  try {
    return await tx.transaction((sp) => queueFor(sp, event));
  } catch (error) {
    enqueueFailures++;
    log.error("webhook event not queued", { event: event.type, ...errorFields(error) });
    // In the caller's transaction, after the failed savepoint was undone: the row commits exactly when the change
    // whose event was lost commits (if the change rolls back, no event was lost). Not on a separate connection: the
    // caller usually holds the audit chain lock already (it audited its change first), so a second connection
    // would wait for it forever, and PGlite has a single connection. Only the event type: no ids, payload or PII.
    await audit(
      { action: "WEBHOOK_ENQUEUE_FAILED", targetType: "WEBHOOK", result: "FAILURE", metadata: { event_type: event.type } },
      tx,
    );
    return 0;
  }
}

/** One delivery of a ready body to one endpoint (ping, redelivery). */
export async function queueDelivery(
  database: DbOrTx,
  values: {
    endpointId: string;
    eventId: string;
    eventType: DeliveryEventType;
    payload: string;
    audience: string | null;
    redeliveryOf?: string;
  },
): Promise<typeof webhookDeliveries.$inferSelect> {
  const [row] = await database.insert(webhookDeliveries).values(values).returning();
  return row!;
}
