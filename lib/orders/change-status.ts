import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { orderItems, orders, products, type OrderStatus } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue";
import { getOrderViewOrThrow } from "./queries";
import { serializeOrder, type SerializedOrder } from "./serializers";
import { checkTransition, RESTOCKING_STATUSES, STATUS_TIMESTAMP } from "./transitions";

/**
 * Puts an order's stock back, exactly once: the `stock_restored_at` claim and the increments commit together, so a
 * second cancel, a refund after a cancel or a retry finds the claim taken and adds nothing.
 */
async function restoreStockOnce(tx: Tx, orderId: number): Promise<{ product_id: number; quantity: number }[]> {
  const [claimed] = await tx
    .update(orders)
    .set({ stockRestoredAt: new Date() })
    .where(and(eq(orders.id, orderId), isNull(orders.stockRestoredAt)))
    .returning({ id: orders.id });
  if (!claimed) return [];
  const lines = await tx
    .select({ productId: orderItems.productId, quantity: orderItems.quantity })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.productId));
  if (!lines.length) return [];
  // lock in product-id order, as order placement does, so the two never deadlock
  await tx.select({ id: products.id }).from(products).where(inArray(products.id, lines.map((l) => l.productId))).orderBy(asc(products.id)).for("update");
  for (const l of lines) {
    await tx
      .update(products)
      .set({ stockQuantity: sql`${products.stockQuantity} + ${l.quantity}`, version: sql`${products.version} + 1`, updatedAt: new Date() })
      .where(eq(products.id, l.productId));
  }
  return lines.map((l) => ({ product_id: l.productId, quantity: l.quantity }));
}

/**
 * Moves an order to `to` if the state machine allows it and the caller holds a role that may make that move.
 * The order row is locked first, so concurrent changes run one after the other and the loser sees the new status.
 */
export async function changeOrderStatus(principal: Principal, orderId: number, to: OrderStatus, meta: RequestMeta): Promise<SerializedOrder> {
  const outcome = await db().transaction(async (tx) => {
    const view = await getOrderViewOrThrow(principal, orderId, tx, true);
    const from = view.order.status as OrderStatus;
    const check = checkTransition(from, to, view.roles);
    if (!check.ok) return { kind: "refused", from, reason: check.reason } as const;
    const now = new Date();
    const stamp = STATUS_TIMESTAMP[to as keyof typeof STATUS_TIMESTAMP];
    await tx
      .update(orders)
      .set({ status: to, updatedAt: now, ...(stamp ? { [stamp]: now } : {}) })
      .where(and(eq(orders.id, orderId), eq(orders.status, from)));
    const restored = RESTOCKING_STATUSES.has(to) ? await restoreStockOnce(tx, orderId) : [];
    await audit(
      { action: "ORDER_STATUS_CHANGE", targetType: "ORDER", targetId: orderId, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { order_number: view.order.orderNumber, from, to, roles: view.roles, stock_restored: restored } },
      tx,
    );
    await enqueueWebhookEvent(tx, { type: "order.status_changed", orderId, from, to });
    return { kind: "done", order: serializeOrder(await getOrderViewOrThrow(principal, orderId, tx)) } as const;
  });
  if (outcome.kind === "done") return outcome.order;

  // The refusal is audited after the transaction has ended: an audit in its own transaction while this one is open
  // would wait forever on PGlite (one connection) and need a second pooled connection on PostgreSQL.
  const { from, reason } = outcome;
  await audit({ action: "ORDER_STATUS_CHANGE", targetType: "ORDER", targetId: orderId, result: "FAILURE", actorUserId: principal.userId, meta, metadata: { from, to, reason } });
  if (reason === "illegal") {
    throw new ApiError("conflict", `Order cannot move from ${from} to ${to}.`, { extensions: { current_status: from } });
  }
  throw new ApiError("forbidden", to === "CANCELLED" ? "You can only cancel your own orders." : `You may not move this order to ${to}.`);
}
