import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { firstParam, type SearchParams } from "@/components/auth/search-param";
import { OrderStatusBadge } from "@/components/storefront/order-status";
import { OrderTimeline } from "@/components/storefront/order-timeline";
import { OrderTotals } from "@/components/storefront/order-totals";
import { requireUser } from "@/lib/auth/page-principal";
import { ApiError } from "@/lib/http/problem";
import { getOrderViewOrThrow } from "@/lib/orders/queries";
import { serializeOrder } from "@/lib/orders/serializers";
import { CancelOrder } from "./cancel-order-client";

export const metadata: Metadata = { title: "Order", robots: { index: false } };

const WHEN = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

/** The signed-in user's own order; any other id (missing, or someone else's) is the not-found page. */
async function loadOwnOrder(id: string) {
  const principal = await requireUser(`/account/orders/${/^\d{1,15}$/.test(id) ? id : ""}`);
  if (!/^\d{1,15}$/.test(id)) notFound();
  try {
    const view = await getOrderViewOrThrow(principal, Number(id));
    // sellers and admins may see other people's orders in their consoles; this page is only for one's own
    if (view.order.customerId !== principal.userId || !view.roles.includes("customer")) notFound();
    return serializeOrder(view);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}

export default async function OrderPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  await connection();
  const order = await loadOwnOrder((await params).id);
  const placed = firstParam((await searchParams).placed) === "1";
  const canCancel = order.allowed_transitions.includes("CANCELLED");
  return (
    <div className="space-y-6">
      {placed && (
        <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-emerald-900" data-testid="order-placed">
          <p className="font-semibold">Thank you, your order is placed.</p>
          <p className="text-sm">
            Order {order.order_number} for ${order.total_amount}. Nothing is charged in this demo shop.
          </p>
        </div>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-sm">
            <Link href="/account/orders" className="text-brand-700 hover:underline">
              ← Your orders
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-bold">Order {order.order_number}</h1>
          <p className="text-sm text-slate-600">
            Placed <time dateTime={order.created_at}>{WHEN.format(new Date(order.created_at))} UTC</time>
          </p>
        </div>
        <OrderStatusBadge status={order.status} />
      </div>

      <div className="grid gap-6 lg:grid-cols-[1fr_20rem] lg:items-start">
        <section aria-labelledby="items-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="items-heading" className="text-lg font-semibold">
            Items
          </h2>
          <div className="overflow-x-auto">
            <table className="mt-2 w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Product
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">
                    Quantity
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">
                    Unit price
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    Line total
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {order.items.map((i) => (
                  <tr key={i.id} data-testid="order-line">
                    <td className="py-2 pr-4">
                      <Link href={`/products/${i.product}`} className="hover:underline">
                        {i.product_name}
                      </Link>
                      <span className="block text-xs text-slate-500">{i.product_sku}</span>
                    </td>
                    <td className="py-2 pr-4 text-right tabular-nums">{i.quantity}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">${i.unit_price}</td>
                    <td className="py-2 text-right tabular-nums">${i.line_total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="mt-4 ml-auto max-w-xs">
            <OrderTotals subtotal={order.subtotal} tax={order.tax_amount ?? "0.00"} shipping={order.shipping_cost ?? "0.00"} total={order.total_amount ?? "0.00"} />
          </div>
        </section>

        <div className="space-y-6">
          <section aria-labelledby="progress-heading" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="progress-heading" className="text-lg font-semibold">
              Progress
            </h2>
            <div className="mt-2">
              <OrderTimeline order={order} />
            </div>
            {canCancel && <CancelOrder orderId={order.id} />}
          </section>
          <section aria-labelledby="shipping-heading" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="shipping-heading" className="text-lg font-semibold">
              Shipping
            </h2>
            <address className="mt-2 text-sm whitespace-pre-line not-italic">
              {order.shipping_address}
              {"\n"}
              {order.shipping_postal_code} {order.shipping_city}
              {"\n"}
              {order.shipping_country}
            </address>
            {order.contact_phone && <p className="mt-2 text-sm">Phone: {order.contact_phone}</p>}
            {order.notes && <p className="mt-2 text-sm whitespace-pre-line text-slate-700">Notes: {order.notes}</p>}
          </section>
        </div>
      </div>
    </div>
  );
}
