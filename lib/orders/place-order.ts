import { randomBytes } from "node:crypto";
import { and, eq, gte, sql } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { orderItems, orders, products } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import { formatCents, toCents } from "@/lib/money";
import type { RequestMeta } from "@/lib/security/request-meta";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue";
import { claimIdempotencyKey, requestHash, storeIdempotentResponse } from "./idempotency";
import { priceOrder } from "./pricing";
import { getOrderViewOrThrow } from "./queries";
import type { CreateOrderInput } from "./schemas";
import { serializeOrder, type SerializedOrder } from "./serializers";

export type PlaceOrderResult = { order: SerializedOrder; status: number; replayed: boolean };

type TakenLine = { productId: number; quantity: number; name: string; sku: string; price: string; sellerId: number; stockAfter: number; lowStockThreshold: number };

/**
 * Takes stock for every line with a conditional decrement, in product-id order (so two orders never deadlock). A
 * line that cannot be filled fails the whole order: the caller's transaction rolls back and nothing has changed.
 */
async function takeStock(tx: Tx, input: CreateOrderInput): Promise<TakenLine[]> {
  const indexed = input.items.map((item, index) => ({ ...item, index })).sort((a, b) => a.product_id - b.product_id);
  const taken: TakenLine[] = [];
  for (const item of indexed) {
    const [row] = await tx
      .update(products)
      .set({ stockQuantity: sql`${products.stockQuantity} - ${item.quantity}`, version: sql`${products.version} + 1`, updatedAt: new Date() })
      .where(and(eq(products.id, item.product_id), eq(products.isActive, true), gte(products.stockQuantity, item.quantity)))
      .returning({
        name: products.name,
        sku: products.sku,
        price: products.price,
        sellerId: products.sellerId,
        stockAfter: products.stockQuantity,
        lowStockThreshold: products.lowStockThreshold,
      });
    if (row) {
      taken.push({ productId: item.product_id, quantity: item.quantity, ...row });
      continue;
    }
    const [current] = await tx
      .select({ stock: products.stockQuantity, isActive: products.isActive })
      .from(products)
      .where(eq(products.id, item.product_id));
    if (!current || !current.isActive) {
      const message = `Product ${item.product_id} not found or inactive.`;
      throw new ApiError("validation_error", message, { errors: { [`items.${item.index}.product_id`]: [message] } });
    }
    throw new ApiError(
      "conflict",
      `Insufficient stock for product ${item.product_id}. Available: ${current.stock}, Requested: ${item.quantity}`,
      { extensions: { product_id: item.product_id, available: current.stock, requested: item.quantity } },
    );
  }
  return taken;
}

function orderNumber(): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, "");
  return `ORD-${day}-${randomBytes(4).toString("hex").toUpperCase()}`;
}

/** Inserts the order row, drawing a new number on the (rare) collision instead of failing the customer's order. */
async function insertOrder(tx: Tx, values: Omit<typeof orders.$inferInsert, "orderNumber">): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await tx.transaction(async (sp) => {
        const [row] = await sp.insert(orders).values({ ...values, orderNumber: orderNumber() }).returning({ id: orders.id });
        return row!.id;
      });
    } catch (error) {
      if (attempt < 4 && isUniqueViolation(error, "orders_order_number_unique")) continue;
      throw error;
    }
  }
}

/**
 * Places an order in one transaction: idempotency claim, stock taken, prices from the products table, tax and
 * shipping from configuration, order and lines written, audit row — all or nothing.
 */
export async function placeOrder(principal: Principal, input: CreateOrderInput, idempotencyKey: string | undefined, meta: RequestMeta): Promise<PlaceOrderResult> {
  return db().transaction(async (tx) => {
    let claimId: number | undefined;
    if (idempotencyKey) {
      const claim = await claimIdempotencyKey(tx, principal.userId, idempotencyKey, requestHash(input));
      if (claim.kind === "replay") return { order: claim.body as SerializedOrder, status: claim.status, replayed: true };
      claimId = claim.id;
    }

    const lines = await takeStock(tx, input);
    const totals = priceOrder(lines.map((l) => ({ unitPriceCents: toCents(l.price), quantity: l.quantity })));
    const { items: _items, ...shipping } = input;
    const orderId = await insertOrder(tx, {
      customerId: principal.userId,
      subtotal: formatCents(totals.subtotal),
      taxAmount: formatCents(totals.tax),
      shippingCost: formatCents(totals.shipping),
      totalAmount: formatCents(totals.total),
      status: "PENDING",
      shippingAddress: shipping.shipping_address,
      shippingCity: shipping.shipping_city,
      shippingPostalCode: shipping.shipping_postal_code,
      shippingCountry: shipping.shipping_country,
      contactPhone: shipping.contact_phone,
      notes: shipping.notes,
    });
    await tx.insert(orderItems).values(
      lines.map((l) => ({
        orderId,
        productId: l.productId,
        sellerId: l.sellerId,
        productName: l.name,
        productSku: l.sku,
        quantity: l.quantity,
        unitPrice: l.price,
        lineTotal: formatCents(toCents(l.price) * l.quantity),
      })),
    );

    const order = serializeOrder(await getOrderViewOrThrow(principal, orderId, tx));
    if (claimId !== undefined) await storeIdempotentResponse(tx, claimId, 201, order, orderId);
    await audit(
      {
        action: "ORDER_CREATE",
        targetType: "ORDER",
        targetId: orderId,
        result: "SUCCESS",
        actorUserId: principal.userId,
        meta,
        metadata: { order_number: order.order_number, total: order.total_amount, items: lines.map((l) => ({ product_id: l.productId, quantity: l.quantity, stock_after: l.stockAfter })) },
      },
      tx,
    );
    await enqueueWebhookEvent(tx, { type: "order.created", orderId });
    for (const l of lines) {
      if (l.stockAfter <= l.lowStockThreshold && l.stockAfter + l.quantity > l.lowStockThreshold) {
        await audit(
          { action: "PRODUCT_LOW_STOCK", targetType: "PRODUCT", targetId: l.productId, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { stock_quantity: l.stockAfter, low_stock_threshold: l.lowStockThreshold, seller: l.sellerId } },
          tx,
        );
        await enqueueWebhookEvent(tx, { type: "product.low_stock", productId: l.productId });
      }
    }
    return { order, status: 201, replayed: false };
  });
}
