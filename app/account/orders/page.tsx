import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Forbidden } from "@/components/forbidden";
import { firstParam, type SearchParams } from "@/components/auth/search-param";
import { OrderStatusBadge } from "@/components/storefront/order-status";
import { Pagination } from "@/components/storefront/pagination";
import { requirePermission } from "@/lib/auth/page-principal";
import { listOrders } from "@/lib/orders/queries";
import { orderListQuery } from "@/lib/orders/schemas";
import { serializeOrder } from "@/lib/orders/serializers";

export const metadata: Metadata = { title: "Your orders", robots: { index: false } };

const PAGE_SIZE = 10;
const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export default async function OrdersPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const principal = await requirePermission("/account/orders", "orders:create");
  if (!principal) return <Forbidden />;
  const pageParam = firstParam((await searchParams).page);
  const parsed = orderListQuery.safeParse({ page: pageParam, page_size: String(PAGE_SIZE), customer: String(principal.userId) });
  // a malformed ?page= shows the first page rather than an error
  const query = parsed.success ? parsed.data : orderListQuery.parse({ page_size: String(PAGE_SIZE), customer: String(principal.userId) });
  // only the orders this user placed (a seller's or admin's wider view belongs to their consoles)
  const { count, views } = await listOrders(principal, query);
  const orders = views.map(serializeOrder);
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Your orders</h1>
      {orders.length === 0 ? (
        <div className="rounded-lg border border-slate-200 bg-white p-8 text-center">
          <p>{count === 0 ? "You have not placed any orders yet." : "There are no orders on this page."}</p>
          <Link href={count === 0 ? "/products" : "/account/orders"} className="mt-4 inline-block text-brand-700 underline">
            {count === 0 ? "Browse the catalogue" : "Back to the first page"}
          </Link>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Your orders, newest first</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Order
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Date
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Items
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Total
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {orders.map((o) => (
                <tr key={o.id} data-testid="order-row">
                  <td className="px-4 py-2">
                    <Link href={`/account/orders/${o.id}`} className="font-medium text-brand-700 hover:underline">
                      {o.order_number}
                    </Link>
                  </td>
                  <td className="px-4 py-2">
                    <time dateTime={o.created_at}>{DATE.format(new Date(o.created_at))}</time>
                  </td>
                  <td className="px-4 py-2">
                    <OrderStatusBadge status={o.status} />
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{o.items.reduce((n, i) => n + i.quantity, 0)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">${o.total_amount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination basePath="/account/orders" params={{}} page={query.page} pageCount={pageCount} />
    </div>
  );
}
