import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { cartItems, products } from "@/db/schema";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/problem";
import { CART_MAX_LINES, type CartItem } from "./schemas";

/** The signed-in user's cart (cart_items). Every write is scoped to the caller's own user id. */

const NOT_AVAILABLE = "This product is not available.";

async function assertBuyable(tx: Tx, productId: number): Promise<void> {
  const [row] = await tx.select({ id: products.id }).from(products).where(and(eq(products.id, productId), eq(products.isActive, true))).limit(1);
  if (!row) throw new ApiError("not_found", NOT_AVAILABLE);
}

async function lineQuantity(tx: Tx, userId: number, productId: number): Promise<number | null> {
  const [row] = await tx
    .select({ quantity: cartItems.quantity })
    .from(cartItems)
    .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)))
    .limit(1);
  return row?.quantity ?? null;
}

async function assertRoomForLine(tx: Tx, userId: number): Promise<void> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(cartItems).where(eq(cartItems.userId, userId));
  if ((row?.n ?? 0) >= CART_MAX_LINES) throw new ApiError("validation_error", `Your cart holds at most ${CART_MAX_LINES} different products.`);
}

/** Inserts the line, or on an existing one adds to it; the sum never exceeds the shop's per-item cap. */
async function addToLine(tx: Tx, userId: number, productId: number, quantity: number, max: number): Promise<number> {
  const [row] = await tx
    .insert(cartItems)
    .values({ userId, productId, quantity: Math.min(quantity, max) })
    .onConflictDoUpdate({
      target: [cartItems.userId, cartItems.productId],
      set: { quantity: sql`least(${sql.raw('"cart_items"."quantity"')} + excluded.quantity, ${max}::int)` },
    })
    .returning({ quantity: cartItems.quantity });
  return row!.quantity;
}

export async function addToCart(userId: number, item: CartItem): Promise<{ quantity: number; capped: boolean }> {
  const max = env().SHOP_MAX_QUANTITY_PER_ITEM;
  return db().transaction(async (tx) => {
    await assertBuyable(tx, item.product_id);
    const current = await lineQuantity(tx, userId, item.product_id);
    if (current === null) await assertRoomForLine(tx, userId);
    const quantity = await addToLine(tx, userId, item.product_id, item.quantity, max);
    return { quantity, capped: (current ?? 0) + item.quantity > max };
  });
}

/** Sets a line's quantity (adding the line if needed). Above the cap is refused with a message, not silently cut. */
export async function setCartQuantity(userId: number, item: CartItem): Promise<number> {
  const max = env().SHOP_MAX_QUANTITY_PER_ITEM;
  if (item.quantity > max) {
    const message = `Quantity must be at most ${max}`;
    throw new ApiError("validation_error", message, { errors: { quantity: [message] } });
  }
  return db().transaction(async (tx) => {
    await assertBuyable(tx, item.product_id);
    if ((await lineQuantity(tx, userId, item.product_id)) === null) await assertRoomForLine(tx, userId);
    await tx
      .insert(cartItems)
      .values({ userId, productId: item.product_id, quantity: item.quantity })
      .onConflictDoUpdate({ target: [cartItems.userId, cartItems.productId], set: { quantity: item.quantity } });
    return item.quantity;
  });
}

export async function removeFromCart(userId: number, productId: number): Promise<void> {
  await db().delete(cartItems).where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)));
}

/** Empties the cart, or only the given products (after an order, the lines it took). */
export async function clearCart(userId: number, productIds?: number[]): Promise<void> {
  if (productIds && !productIds.length) return;
  await db()
    .delete(cartItems)
    .where(and(eq(cartItems.userId, userId), productIds ? inArray(cartItems.productId, productIds) : undefined));
}

/**
 * Merges a browser cart into the user's cart on sign-in: quantities add up (capped), products no longer sold are
 * dropped, and lines beyond the cart's size are left out. Returns how many lines were merged.
 */
export async function mergeIntoCart(userId: number, items: CartItem[]): Promise<{ merged: number; dropped: number }> {
  if (!items.length) return { merged: 0, dropped: 0 };
  const max = env().SHOP_MAX_QUANTITY_PER_ITEM;
  return db().transaction(async (tx) => {
    const active = new Set(
      (
        await tx
          .select({ id: products.id })
          .from(products)
          .where(and(inArray(products.id, items.map((i) => i.product_id)), eq(products.isActive, true)))
      ).map((r) => r.id),
    );
    const existing = new Set((await tx.select({ id: cartItems.productId }).from(cartItems).where(eq(cartItems.userId, userId))).map((r) => r.id));
    let lines = existing.size;
    let merged = 0;
    for (const item of items) {
      if (!active.has(item.product_id)) continue;
      if (!existing.has(item.product_id)) {
        if (lines >= CART_MAX_LINES) continue;
        lines++;
      }
      await addToLine(tx, userId, item.product_id, item.quantity, max);
      merged++;
    }
    return { merged, dropped: items.length - merged };
  });
}
