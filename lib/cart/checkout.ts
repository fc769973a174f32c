import "server-only";
import { and, eq, gt, isNotNull } from "drizzle-orm";
import { db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import { placeOrder } from "@/lib/orders/place-order";
import { createOrderSchema, type CreateOrderInput, type ShippingDetails } from "@/lib/orders/schemas";
import type { RequestMeta } from "@/lib/security/request-meta";
import { clearCart } from "./mutations";
import { priceCart, serverCartItems, type CartLine } from "./queries";

/** The order a finished checkout with this key created: a retry or a second click lands on it, not on a new one. */
async function orderForKey(userId: number, key: string): Promise<number | null> {
  const [row] = await db()
    .select({ orderId: idempotencyKeys.orderId })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), isNotNull(idempotencyKeys.orderId), gt(idempotencyKeys.expiresAt, new Date())))
    .limit(1);
  return row?.orderId ?? null;
}

const quoted = (line: CartLine | undefined, id: number) => (line ? `“${line.name}”` : `Product ${id}`);

/** placeOrder's stock and availability refusals, in the shopper's words (the cart is left as it is). */
function shopperError(error: unknown, input: CreateOrderInput, lines: CartLine[]): unknown {
  if (!(error instanceof ApiError)) return error;
  const line = (id: number) => lines.find((l) => l.product_id === id);
  const ext = error.options.extensions;
  if (error.code === "conflict" && typeof ext?.product_id === "number" && typeof ext.available === "number") {
    const name = quoted(line(ext.product_id), ext.product_id);
    const detail =
      ext.available === 0
        ? `${name} is out of stock. Remove it from your cart to place your order.`
        : `Only ${ext.available} of ${name} left, and your cart has ${String(ext.requested)}. Lower the quantity in your cart and try again.`;
    return new ApiError("conflict", detail, { extensions: { product_id: ext.product_id, available: ext.available } });
  }
  const gone = Object.keys(error.options.errors ?? {}).map((k) => /^items\.(\d+)\.product_id$/.exec(k)?.[1]).find((i) => i !== undefined);
  const goneId = gone === undefined ? undefined : input.items[Number(gone)]?.product_id;
  if (error.code === "validation_error" && goneId !== undefined) {
    return new ApiError("conflict", `${quoted(line(goneId), goneId)} is no longer available. Remove it from your cart to place your order.`, { extensions: { product_id: goneId } });
  }
  return error;
}

/**
 * Checkout: the order is built from the user's server cart and the products table (never from the browser), placed
 * with the page's Idempotency-Key, and only then are the ordered lines taken out of the cart. With `quotedTotal` (the
 * total the checkout page showed) a different current total is refused (409) instead of charged. Returns the order id.
 */
export async function placeOrderFromCart(principal: Principal, shipping: ShippingDetails, key: string, meta: RequestMeta, quotedTotal?: string): Promise<number> {
  const done = await orderForKey(principal.userId, key);
  if (done !== null) return done;
  const summary = await priceCart(await serverCartItems(principal.userId));
  if (!summary.lines.length) {
    // a second click may arrive just after the first order emptied the cart
    const placed = await orderForKey(principal.userId, key);
    if (placed !== null) return placed;
    throw new ApiError("validation_error", "Your cart is empty. Add a product before checking out.");
  }
  // the shopper agreed to the total the page showed: a price change in between is shown to them, never charged silently
  if (quotedTotal !== undefined && quotedTotal !== summary.total) {
    throw new ApiError("conflict", `Prices changed since you opened checkout: the total is now ${summary.total} (it was ${quotedTotal}). Check the summary and place the order again.`, {
      extensions: { quoted_total: quotedTotal, total: summary.total },
    });
  }
  const parsed = createOrderSchema.safeParse({ items: summary.lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity })), ...shipping });
  if (!parsed.success) throw new ApiError("validation_error", parsed.error.issues[0]?.message ?? "This cart cannot be ordered.");
  let orderId: number;
  try {
    orderId = (await placeOrder(principal, parsed.data, key, meta)).order.id;
  } catch (error) {
    throw shopperError(error, parsed.data, summary.lines);
  }
  await clearCart(principal.userId, summary.lines.map((l) => l.product_id));
  return orderId;
}
