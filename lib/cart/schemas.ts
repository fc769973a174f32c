import { z } from "zod";

// In the browser, zod's compiled parsers probe `new Function` when a schema is built, which the page's CSP (no
// 'unsafe-eval') reports as a violation: build the schemas below without it (set before they are constructed).
if (typeof window !== "undefined") z.config({ jitless: true });

/**
 * Cart shapes shared by the browser (localStorage) and the server actions. No server configuration here: this file
 * is bundled for the browser. The per-item cap (SHOP_MAX_QUANTITY_PER_ITEM) is applied on the server.
 */

/** The same as an order's line limit (lib/orders/schemas MAX_ORDER_LINES), which cannot be imported here. */
export const CART_MAX_LINES = 50;
/** The cart_items check constraint; the shop's own cap is lower and applied by the server. */
export const CART_QUANTITY_LIMIT = 10_000;

export const BROWSER_CART_KEY = "shop.cart.v1";

const productId = z.number({ error: "product_id must be a whole number" }).int("product_id must be a whole number").positive("product_id must be a positive id").max(Number.MAX_SAFE_INTEGER);
const quantity = z
  .number({ error: "Quantity must be a whole number" })
  .int("Quantity must be a whole number")
  .min(1, "Quantity must be 1 or more")
  .max(CART_QUANTITY_LIMIT, `Quantity must be at most ${CART_QUANTITY_LIMIT}`);

export const cartItemSchema = z.strictObject({ product_id: productId, quantity });
export type CartItem = z.output<typeof cartItemSchema>;

/** A list of cart lines: at most CART_MAX_LINES, one line per product. */
export const cartItemsSchema = z
  .array(cartItemSchema)
  .max(CART_MAX_LINES, `A cart holds at most ${CART_MAX_LINES} different products`)
  .refine((items) => new Set(items.map((i) => i.product_id)).size === items.length, { error: "Each product may appear once" });

/** What localStorage holds. Anything else found there is discarded, never trusted. */
export const browserCartSchema = z.strictObject({ items: cartItemsSchema });

export const productRefSchema = z.strictObject({ product_id: productId });
export const cartItemsInputSchema = z.strictObject({ items: cartItemsSchema });
