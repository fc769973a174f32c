import { z } from "zod";
import { ORDER_STATUSES, type OrderStatus } from "@/db/schema/orders";
import { moneyAmount } from "@/lib/catalog/serializers";
import { formatCents, moneyString, toCents } from "@/lib/money";
import { isoTimestamp } from "@/lib/openapi/doc";
import type { OrderView } from "./queries";
import { nextStatuses } from "./transitions";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const display = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();

const orderStatus = z.enum(ORDER_STATUSES);
const onlyWhole = (what: string) => `${what}; null in a seller's partial view (see \`is_partial_view\`)`;

/** One order line, with the product's name, SKU and price as they were when the order was placed. */
export const orderItemResponseSchema = z.object({
  id: z.number().int(),
  product: z.number().int(),
  product_name: z.string(),
  product_sku: z.string(),
  quantity: z.number().int().min(1),
  unit_price: moneyAmount,
  line_total: moneyAmount,
  created_at: isoTimestamp,
});

/** The response body of an order, as documented in the OpenAPI document; serializeOrder is typed against it. */
export const orderSchema = z.object({
  id: z.number().int(),
  order_number: z.string().describe('e.g. "ORD-20250101-1A2B3C4D"'),
  customer: z.number().int(),
  customer_email: z.string(),
  subtotal: moneyAmount.describe("The sum of the lines; in a seller's partial view, of their own lines only"),
  tax_amount: moneyAmount.nullable().describe(onlyWhole("Tax, computed by the server")),
  shipping_cost: moneyAmount.nullable().describe(onlyWhole("Shipping, computed by the server")),
  total_amount: moneyAmount.nullable().describe(onlyWhole("subtotal + tax + shipping")),
  is_partial_view: z.boolean().describe("true for a seller who is not the customer: only their own lines, no order-wide amounts"),
  status: orderStatus,
  status_display: z.string(),
  allowed_transitions: z.array(orderStatus).describe("The statuses the caller may move this order to now"),
  shipping_address: z.string(),
  shipping_city: z.string(),
  shipping_postal_code: z.string(),
  shipping_country: z.string(),
  contact_phone: z.string(),
  notes: z.string(),
  items: z.array(orderItemResponseSchema),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
  confirmed_at: isoTimestamp.nullable(),
  shipped_at: isoTimestamp.nullable(),
  delivered_at: isoTimestamp.nullable(),
  cancelled_at: isoTimestamp.nullable(),
  refunded_at: isoTimestamp.nullable(),
});

export type SerializedOrder = z.input<typeof orderSchema>;

/** POST /api/orders/{id}/cancel/ and /update_status/: an acknowledgement and the order as it now is. */
export const orderStatusChangedSchema = z.object({ detail: z.string(), order: orderSchema });

/**
 * The original's OrderSerializer fields, plus the status timestamps and the transitions the caller may make. A
 * seller who is not the customer sees only their own lines; the order-wide amounts (other sellers' sales, tax and
 * shipping) are then null and `subtotal` is the sum of their lines.
 */
export function serializeOrder(view: OrderView): SerializedOrder {
  const { order: o, items, partial } = view;
  const status = o.status as OrderStatus;
  return {
    id: o.id,
    order_number: o.orderNumber,
    customer: o.customerId,
    customer_email: o.customerEmail,
    subtotal: partial ? formatCents(items.reduce((s, i) => s + toCents(i.lineTotal), 0)) : moneyString(o.subtotal),
    tax_amount: partial ? null : moneyString(o.taxAmount),
    shipping_cost: partial ? null : moneyString(o.shippingCost),
    total_amount: partial ? null : moneyString(o.totalAmount),
    is_partial_view: partial,
    status,
    status_display: display(status),
    allowed_transitions: nextStatuses(status, view.roles),
    shipping_address: o.shippingAddress,
    shipping_city: o.shippingCity,
    shipping_postal_code: o.shippingPostalCode,
    shipping_country: o.shippingCountry,
    contact_phone: o.contactPhone,
    notes: o.notes,
    items: items.map((i) => ({
      id: i.id,
      product: i.productId,
      product_name: i.productName,
      product_sku: i.productSku,
      quantity: i.quantity,
      unit_price: moneyString(i.unitPrice),
      line_total: moneyString(i.lineTotal),
      created_at: i.createdAt.toISOString(),
    })),
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    confirmed_at: iso(o.confirmedAt),
    shipped_at: iso(o.shippedAt),
    delivered_at: iso(o.deliveredAt),
    cancelled_at: iso(o.cancelledAt),
    refunded_at: iso(o.refundedAt),
  };
}
