import { formatCents, moneyString, toCents } from "@/lib/money";
import type { OrderStatus } from "@/db/schema/orders";
import type { OrderView } from "./queries";
import { nextStatuses } from "./transitions";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const display = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();

/**
 * The original's OrderSerializer fields, plus the status timestamps and the transitions the caller may make. A
 * seller who is not the customer sees only their own lines; the order-wide amounts (other sellers' sales, tax and
 * shipping) are then null and `subtotal` is the sum of their lines.
 */
export function serializeOrder(view: OrderView) {
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

export type SerializedOrder = ReturnType<typeof serializeOrder>;
