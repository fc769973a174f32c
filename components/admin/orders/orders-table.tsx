import Link from "next/link";
import { formatDateTime } from "@/components/admin/users/format";
import type { SerializedOrder } from "@/lib/orders/serializers";
import { OrderStatusActions } from "./status-actions-client";
import { OrderStatusBadge } from "./status-badge";

/**
 * Orders with their lines and status buttons, for the seller console (only the seller's lines and their amount)
 * and the admin console (whole orders). `detailPath` builds each order's link.
 */
export function OrdersTable({ orders, detailPath, caption }: { orders: SerializedOrder[]; detailPath: (id: number) => string; caption: string }) {
  return (
    <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">Order</th>
            <th scope="col" className="px-3 py-2">Customer</th>
            <th scope="col" className="px-3 py-2">Items</th>
            <th scope="col" className="px-3 py-2 text-right">Amount</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2">Actions</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id} className="border-b border-slate-100 align-top">
              <td className="px-3 py-2 whitespace-nowrap">
                <Link href={detailPath(o.id)} className="font-mono text-brand-700 underline">
                  {o.order_number}
                </Link>
                <span className="block text-xs text-slate-500">{formatDateTime(o.created_at)}</span>
              </td>
              <td className="px-3 py-2 break-all">{o.customer_email}</td>
              <td className="px-3 py-2">
                <ul>
                  {o.items.map((i) => (
                    <li key={i.id}>
                      {i.product_name} <span className="text-slate-500">× {i.quantity}</span>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">
                {o.is_partial_view ? (
                  <>
                    ${o.subtotal}
                    <span className="block text-xs text-slate-500">your lines</span>
                  </>
                ) : (
                  `$${o.total_amount}`
                )}
              </td>
              <td className="px-3 py-2">
                <OrderStatusBadge status={o.status} />
              </td>
              <td className="px-3 py-2">
                <OrderStatusActions orderId={o.id} orderNumber={o.order_number} allowed={o.allowed_transitions} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
