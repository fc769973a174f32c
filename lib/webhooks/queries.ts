import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { users, webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import { endpointOwnership } from "./access";
import type { DeliveryListQuery, WebhookListQuery } from "./schemas";
import type { AttemptRow, DeliveryRow, EndpointRow } from "./serializers";

const endpointColumns = { endpoint: webhookEndpoints, ownerEmail: users.email };
const toRow = (r: { endpoint: typeof webhookEndpoints.$inferSelect; ownerEmail: string }): EndpointRow => ({
  ...r.endpoint,
  ownerEmail: r.ownerEmail,
});

export async function listEndpoints(
  principal: Principal,
  query: Pick<WebhookListQuery, "page" | "page_size" | "owner" | "is_active">,
): Promise<{ count: number; rows: EndpointRow[] }> {
  const where = and(
    endpointOwnership(principal),
    query.owner !== undefined ? eq(webhookEndpoints.ownerId, query.owner) : undefined,
    query.is_active !== undefined ? eq(webhookEndpoints.isActive, query.is_active) : undefined,
  );
  const [countRow] = await db()
    .select({ count: sql<number>`count(*)::int` })
    .from(webhookEndpoints)
    .where(where);
  const count = countRow?.count ?? 0;
  const rows = await db()
    .select(endpointColumns)
    .from(webhookEndpoints)
    .innerJoin(users, eq(users.id, webhookEndpoints.ownerId))
    .where(where)
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(query.page_size)
    .offset((query.page - 1) * query.page_size);
  return { count, rows: rows.map(toRow) };
}

/**
 * One endpoint the caller may manage, or 404: another seller's endpoint is indistinguishable from a missing one.
 * With `forUpdate` the row stays locked until the transaction ends.
 */
export async function getEndpointOrThrow(
  principal: Principal,
  id: string,
  database: DbOrTx = db(),
  forUpdate = false,
): Promise<EndpointRow> {
  const base = database
    .select(endpointColumns)
    .from(webhookEndpoints)
    .innerJoin(users, eq(users.id, webhookEndpoints.ownerId))
    .where(and(eq(webhookEndpoints.id, id), endpointOwnership(principal)))
    .limit(1);
  const [row] = forUpdate ? await base.for("update", { of: webhookEndpoints }) : await base;
  if (!row) throw new ApiError("not_found", "Not found.");
  return toRow(row);
}

export async function listDeliveries(
  principal: Principal,
  endpointId: string,
  query: Pick<DeliveryListQuery, "page" | "page_size" | "status" | "event">,
): Promise<{ count: number; rows: DeliveryRow[] }> {
  await getEndpointOrThrow(principal, endpointId);
  const where = and(
    eq(webhookDeliveries.endpointId, endpointId),
    query.status ? eq(webhookDeliveries.status, query.status) : undefined,
    query.event ? eq(webhookDeliveries.eventType, query.event) : undefined,
  );
  const [countRow] = await db()
    .select({ count: sql<number>`count(*)::int` })
    .from(webhookDeliveries)
    .where(where);
  const rows = await db()
    .select()
    .from(webhookDeliveries)
    .where(where)
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(query.page_size)
    .offset((query.page - 1) * query.page_size);
  return { count: countRow?.count ?? 0, rows };
}

/** A delivery of an endpoint the caller may manage, or 404; a delivery of another endpoint is a 404 as well. */
export async function getDeliveryOrThrow(
  principal: Principal,
  endpointId: string,
  deliveryId: string,
  database: DbOrTx = db(),
): Promise<DeliveryRow> {
  await getEndpointOrThrow(principal, endpointId, database);
  const [row] = await database
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
    .limit(1);
  if (!row) throw new ApiError("not_found", "Not found.");
  return row;
}

export async function deliveryAttempts(deliveryId: string): Promise<AttemptRow[]> {
  return db()
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(asc(webhookAttempts.attemptNumber));
}
