import "server-only";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { loadUserAccess } from "@/lib/auth/user-access";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { viewCovers } from "./audience";
import { eventBody, queueDelivery } from "./enqueue";
import { MAX_ENDPOINTS_PER_OWNER, type DeliveryEventType } from "./events";
import { getDeliveryOrThrow, getEndpointOrThrow } from "./queries";
import type { CreateWebhookInput, UpdateWebhookInput } from "./schemas";
import { generateWebhookSecret, sealWebhookSecret } from "./secret";
import type { DeliveryRow, EndpointRow } from "./serializers";
import { assertWebhookUrlAllowed } from "./url-guard";

export type WithSecret = { endpoint: EndpointRow; secret: string };

/** What the audit log keeps of a URL: its origin (a path or query may carry a receiver's token). */
const origin = (url: string) => new URL(url).origin;

const auditEndpoint = (
  tx: Tx,
  principal: Principal,
  meta: RequestMeta,
  action: string,
  id: string,
  metadata: Record<string, unknown>,
) =>
  audit(
    {
      action,
      targetType: "WEBHOOK",
      targetId: id,
      result: "SUCCESS",
      actorUserId: principal.userId,
      meta,
      metadata,
    },
    tx,
  );

/** Serialises registrations per owner (so two at once cannot both pass the limit); released at commit. */
async function lockOwner(tx: Tx, ownerId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`webhook-owner:${ownerId}`}, 0))`);
}

/**
 * Registers an endpoint owned by the caller. The URL passes the SSRF guard first (DNS is resolved outside the
 * transaction); the secret is generated here, stored encrypted, and returned this once.
 */
export async function createEndpoint(
  principal: Principal,
  input: CreateWebhookInput,
  meta: RequestMeta,
): Promise<WithSecret> {
  const url = await assertWebhookUrlAllowed(input.url);
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const endpoint = await db().transaction(async (tx) => {
    await lockOwner(tx, principal.userId);
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.ownerId, principal.userId));
    if (count >= MAX_ENDPOINTS_PER_OWNER) {
      throw new ApiError(
        "conflict",
        `You can register at most ${MAX_ENDPOINTS_PER_OWNER} webhook endpoints. Delete one first.`,
        { extensions: { limit: MAX_ENDPOINTS_PER_OWNER } },
      );
    }
    await tx
      .insert(webhookEndpoints)
      .values({
        id,
        ownerId: principal.userId,
        url,
        description: input.description,
        events: input.events,
        isActive: input.is_active,
        secretEncrypted: sealWebhookSecret(id, secret),
      });
    await auditEndpoint(tx, principal, meta, "WEBHOOK_CREATE", id, {
      url_origin: origin(url),
      events: input.events,
      is_active: input.is_active,
    });
    return getEndpointOrThrow(principal, id, tx);
  });
  return { endpoint, secret };
}

export async function updateEndpoint(
  principal: Principal,
  id: string,
  input: UpdateWebhookInput,
  meta: RequestMeta,
): Promise<EndpointRow> {
  const url = input.url === undefined ? undefined : await assertWebhookUrlAllowed(input.url);
  return db().transaction(async (tx) => {
    const current = await getEndpointOrThrow(principal, id, tx, true);
    const changes: Partial<typeof webhookEndpoints.$inferInsert> = {};
    const diff: Record<string, { before: unknown; after: unknown }> = {};
    const set = <K extends "url" | "description" | "events" | "isActive">(
      key: K,
      field: string,
      value: (typeof current)[K] | undefined,
      shown = value,
    ) => {
      if (value === undefined || JSON.stringify(value) === JSON.stringify(current[key])) return;
      changes[key] = value as (typeof webhookEndpoints.$inferInsert)[K];
      diff[field] = { before: key === "url" ? origin(current.url) : current[key], after: shown };
    };
    set("url", "url", url, url === undefined ? undefined : origin(url));
    set("description", "description", input.description);
    set("events", "events", input.events);
    set("isActive", "is_active", input.is_active);
    if (Object.keys(changes).length) {
      await tx
        .update(webhookEndpoints)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(webhookEndpoints.id, id));
      await auditEndpoint(tx, principal, meta, "WEBHOOK_UPDATE", id, {
        owner: current.ownerId,
        changes: diff,
      });
    }
    return getEndpointOrThrow(principal, id, tx);
  });
}

/** Deletes the endpoint with its delivery log (an attempt in flight is not recorded; its lease simply ends). */
export async function deleteEndpoint(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
  await db().transaction(async (tx) => {
    const current = await getEndpointOrThrow(principal, id, tx, true);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await auditEndpoint(tx, principal, meta, "WEBHOOK_DELETE", id, {
      owner: current.ownerId,
      url_origin: origin(current.url),
      events: current.events,
    });
  });
}

/** A new secret at once: every attempt from now on, pending retries included, is signed with it; the old one is gone. */
export async function rotateSecret(principal: Principal, id: string, meta: RequestMeta): Promise<WithSecret> {
  const secret = generateWebhookSecret();
  const endpoint = await db().transaction(async (tx) => {
    const current = await getEndpointOrThrow(principal, id, tx, true);
    const now = new Date();
    await tx
      .update(webhookEndpoints)
      .set({ secretEncrypted: sealWebhookSecret(id, secret), secretRotatedAt: now, updatedAt: now })
      .where(eq(webhookEndpoints.id, id));
    await auditEndpoint(tx, principal, meta, "WEBHOOK_ROTATE_SECRET", id, { owner: current.ownerId });
    return getEndpointOrThrow(principal, id, tx);
  });
  return { endpoint, secret };
}

function assertActive(endpoint: EndpointRow): void {
  if (!endpoint.isActive)
    throw new ApiError("conflict", "This endpoint is disabled: enable it before sending to it.", {
      extensions: { is_active: false },
    });
}

/**
 * A stored payload goes out again only while the caller may see it and the endpoint's owner may still receive it
 * (active, webhooks:manage, the view it was built for): the worker would refuse it anyway; say so now.
 */
async function assertViewStillHeld(tx: Tx, principal: Principal, endpoint: EndpointRow, d: DeliveryRow) {
  const owner = await loadUserAccess(endpoint.ownerId, tx);
  const ownerMay =
    !!owner?.user.isActive &&
    owner.permissions.has("webhooks:manage") &&
    viewCovers(d.eventType, d.audience, { userId: owner.user.id, permissions: owner.permissions });
  if (!ownerMay || !viewCovers(d.eventType, d.audience, principal))
    throw new ApiError(
      "conflict",
      "This delivery was built for a view its endpoint's owner no longer holds: it cannot be sent again.",
      { extensions: { reason: "owner_not_permitted" } },
    );
}

/** Queues a `ping` event to the endpoint (delivered by the worker like any other event). */
export async function pingEndpoint(principal: Principal, id: string): Promise<DeliveryRow> {
  const endpoint = await getEndpointOrThrow(principal, id);
  assertActive(endpoint);
  const eventId = randomUUID();
  const payload = eventBody(eventId, "ping", new Date(), {
    endpoint: endpoint.id,
    message: "Webhook test from Secure Shop.",
  });
  return queueDelivery(db(), { endpointId: endpoint.id, eventId, eventType: "ping", payload, audience: null });
}

/** A new delivery of the same body (same event id; receivers dedupe on it), signed afresh when it is sent. */
export async function redeliver(
  principal: Principal,
  endpointId: string,
  deliveryId: string,
  meta: RequestMeta,
): Promise<DeliveryRow> {
  return db().transaction(async (tx) => {
    const original = await getDeliveryOrThrow(principal, endpointId, deliveryId, tx);
    const endpoint = await getEndpointOrThrow(principal, endpointId, tx);
    assertActive(endpoint);
    await assertViewStillHeld(tx, principal, endpoint, original);
    const copy = await queueDelivery(tx, {
      endpointId,
      eventId: original.eventId,
      eventType: original.eventType as DeliveryEventType,
      payload: original.payload,
      audience: original.audience,
      redeliveryOf: original.id,
    });
    await audit(
      {
        action: "WEBHOOK_REDELIVER",
        targetType: "WEBHOOK",
        targetId: endpointId,
        result: "SUCCESS",
        actorUserId: principal.userId,
        meta,
        metadata: { delivery: original.id, new_delivery: copy.id, event_type: original.eventType },
      },
      tx,
    );
    return copy;
  });
}
