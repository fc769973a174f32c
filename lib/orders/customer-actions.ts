"use server";

import { refresh, revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { placeOrderFromCart } from "@/lib/cart/checkout";
import { echoFields, runUserAction, type ActionState } from "@/lib/http/server-action";
import { changeOrderStatus } from "./change-status";
import { idempotencyKeySchema, shippingFields } from "./schemas";

/** The shopper's order actions: place an order from the cart, cancel one's own order. */

const SHIPPING_NAMES = Object.keys(shippingFields);
const checkoutSchema = z.strictObject({
  ...shippingFields,
  idempotency_key: idempotencyKeySchema,
  /** The total the page showed: the order is placed only at that total. */
  quoted_total: z.string().regex(/^\d{1,10}\.\d{2}$/, "must be an amount like 12.50"),
});

/**
 * Checkout's "Place order": the items and amounts come from the server cart and the products table; the form only
 * sends shipping details, the page's Idempotency-Key and the total it showed (a price change in between is refused,
 * not charged). Success → the order's page with its confirmation.
 */
export async function placeOrderAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await runUserAction(
    { schema: checkoutSchema, input: formData, permission: "orders:create", limits: ["orders.create.user", "orders.create.ip"], context: "place order" },
    async ({ principal, input: { idempotency_key, quoted_total, ...shipping }, meta }) => ({
      ok: true as const,
      orderId: await placeOrderFromCart(principal, shipping, idempotency_key, meta, quoted_total),
    }),
  );
  if (!result.ok) {
    if (result.code === "conflict") refresh(); // the summary beside the form shows the current prices and stock
    return { ...result, values: echoFields(formData, SHIPPING_NAMES) };
  }
  // the layout's header (cart count) is rendered afresh on the way to the order, not reused from before
  revalidatePath("/", "layout");
  redirect(`/account/orders/${result.orderId}?placed=1`);
}

const cancelSchema = z.strictObject({ order_id: z.string().regex(/^\d{1,15}$/, "must be a numeric id").transform(Number) });

/** The customer cancels their own PENDING or CONFIRMED order; the stock goes back in the same transaction. */
export async function cancelOrderAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runUserAction(
    { schema: cancelSchema, input: formData, permission: "orders:create", limits: ["orders.cancel"], context: "cancel order" },
    async ({ principal, input, meta }) => {
      const order = await changeOrderStatus(principal, input.order_id, "CANCELLED", meta);
      refresh();
      return { ok: true as const, detail: `Order ${order.order_number} is cancelled.` };
    },
  );
}
