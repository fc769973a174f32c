import { formatDateTime } from "@/components/admin/users/format";
import type { SerializedOrder } from "@/lib/orders/serializers";
import { OrderStatusActions } from "./status-actions-client";
import { OrderStatusBadge } from "./status-badge";

const TIMES = [
  ["created_at", "Placed"],
  ["confirmed_at", "Confirmed"],
  ["shipped_at", "Shipped"],
  ["delivered_at", "Delivered"],
  ["cancelled_at", "Cancelled"],
  ["refunded_at", "Refunded"],
] as const;

/** One order for fulfilment: where it goes, what is in it (a seller sees only their lines), its history, its moves. */
export function OrderDetail({ order }: { order: SerializedOrder }) {
  const money = (v: string | null) => (v === null ? "—" : `$${v}`);
  return (
    <div>
      <h1 className="flex flex-wrap items-center gap-3 text-2xl font-bold">
        Order <span className="font-mono">{order.order_number}</span> <OrderStatusBadge status={order.status} />
      </h1>
      <div className="mt-4 grid gap-4 md:grid-cols-2">
        <section aria-labelledby="ship-heading" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <h2 id="ship-heading" className="font-semibold">
            Ship to
          </h2>
          <p className="mt-2">{order.customer_email}</p>
          <p className="whitespace-pre-line">{order.shipping_address}</p>
          <p>
            {order.shipping_postal_code} {order.shipping_city}
          </p>
          <p>{order.shipping_country}</p>
          {order.contact_phone ? <p>Phone: {order.contact_phone}</p> : null}
          {order.notes ? <p className="mt-2 whitespace-pre-line text-slate-600">Notes: {order.notes}</p> : null}
        </section>
        <section aria-labelledby="history-heading" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <h2 id="history-heading" className="font-semibold">
            History
          </h2>
          <dl className="mt-2 grid grid-cols-[8rem_1fr] gap-y-1">
            {TIMES.filter(([key]) => order[key]).map(([key, label]) => (
              <div key={key} className="contents">
                <dt className="text-slate-500">{label}</dt>
                <dd>{formatDateTime(order[key])}</dd>
              </div>
            ))}
          </dl>
          <div className="mt-3">
            <OrderStatusActions orderId={order.id} orderNumber={order.order_number} allowed={order.allowed_transitions} />
          </div>
        </section>
      </div>
      <section aria-labelledby="lines-heading" className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <h2 id="lines-heading" className="px-3 pt-3 font-semibold">
          {order.is_partial_view ? "Your lines in this order" : "Lines"}
        </h2>
        <table className="mt-2 w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">Product</th>
              <th scope="col" className="px-3 py-2">SKU</th>
              <th scope="col" className="px-3 py-2 text-right">Quantity</th>
              <th scope="col" className="px-3 py-2 text-right">Unit price</th>
              <th scope="col" className="px-3 py-2 text-right">Line total</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((i) => (
              <tr key={i.id} className="border-b border-slate-100">
                <td className="px-3 py-2">{i.product_name}</td>
                <td className="px-3 py-2 font-mono text-xs">{i.product_sku}</td>
                <td className="px-3 py-2 text-right tabular-nums">{i.quantity}</td>
                <td className="px-3 py-2 text-right tabular-nums">${i.unit_price}</td>
                <td className="px-3 py-2 text-right tabular-nums">${i.line_total}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="grid grid-cols-[1fr_8rem] gap-y-1 px-3 py-3 text-right text-sm tabular-nums">
          <dt>Subtotal{order.is_partial_view ? " (your lines)" : ""}</dt>
          <dd>{money(order.subtotal)}</dd>
          {order.is_partial_view ? null : (
            <>
              <dt>Tax</dt>
              <dd>{money(order.tax_amount)}</dd>
              <dt>Shipping</dt>
              <dd>{money(order.shipping_cost)}</dd>
              <dt className="font-semibold">Total</dt>
              <dd className="font-semibold">{money(order.total_amount)}</dd>
            </>
          )}
        </dl>
      </section>
    </div>
  );
}
