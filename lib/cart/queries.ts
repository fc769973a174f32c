import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { cartItems, products } from "@/db/schema";
import { env } from "@/lib/env";
import { formatCents, toCents } from "@/lib/money";
import { priceOrder } from "@/lib/orders/pricing";
import type { CartItem } from "./schemas";
import type { CartLine, CartSummary, UnavailableLine } from "./types";

export type { CartLine, CartSummary, UnavailableLine };

export async function serverCartItems(userId: number, database: DbOrTx = db()): Promise<CartItem[]> {
  return database
    .select({ product_id: cartItems.productId, quantity: cartItems.quantity })
    .from(cartItems)
    .where(eq(cartItems.userId, userId))
    .orderBy(asc(cartItems.addedAt), asc(cartItems.productId));
}

/** Units in the signed-in user's cart (the header's count). */
export async function serverCartCount(userId: number): Promise<number> {
  const [row] = await db()
    .select({ n: sql<number>`coalesce(sum(${cartItems.quantity}), 0)::int` })
    .from(cartItems)
    .where(eq(cartItems.userId, userId));
  return row?.n ?? 0;
}

/**
 * Prices cart items with the products table's current prices and the shop's tax and shipping rules (the same
 * priceOrder that places the order). Quantities above the shop's per-item cap count as the cap.
 */
export async function priceCart(items: CartItem[], database: DbOrTx = db()): Promise<CartSummary> {
  const ids = items.map((i) => i.product_id);
  const rows = ids.length
    ? await database
        .select({ id: products.id, name: products.name, sku: products.sku, price: products.price, stock: products.stockQuantity, isActive: products.isActive })
        .from(products)
        .where(inArray(products.id, ids))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const max = env().SHOP_MAX_QUANTITY_PER_ITEM;
  const lines: CartLine[] = [];
  const unavailable: UnavailableLine[] = [];
  for (const item of items) {
    const row = byId.get(item.product_id);
    if (!row || !row.isActive) {
      // an inactive product's name is not public; a missing one has none
      unavailable.push({ product_id: item.product_id, name: null, quantity: item.quantity });
      continue;
    }
    const quantity = Math.min(item.quantity, max);
    const unit = toCents(row.price);
    lines.push({ product_id: row.id, name: row.name, sku: row.sku, unit_price: formatCents(unit), quantity, line_total: formatCents(unit * quantity), stock_quantity: row.stock });
  }
  const totals = priceOrder(lines.map((l) => ({ unitPriceCents: toCents(l.unit_price), quantity: l.quantity })));
  return {
    lines,
    unavailable,
    item_count: lines.reduce((n, l) => n + l.quantity, 0),
    subtotal: formatCents(totals.subtotal),
    tax: formatCents(totals.tax),
    shipping: formatCents(totals.shipping),
    total: formatCents(totals.total),
  };
}
