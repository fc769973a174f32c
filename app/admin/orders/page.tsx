import type { Metadata } from "next";
import { OrderFilters } from "@/components/admin/orders/order-filters";
import { OrdersTable } from "@/components/admin/orders/orders-table";
import { Forbidden } from "@/components/forbidden";
import { Pagination } from "@/components/storefront/pagination";
import { requirePermission } from "@/lib/auth/page-principal";
import { listOrders } from "@/lib/orders/queries";
import { orderListQuery } from "@/lib/orders/schemas";
import { serializeOrder } from "@/lib/orders/serializers";

export const metadata: Metadata = { title: "Orders · Admin" };

const PAGE_SIZE = 25;
const KEYS = ["search", "status", "page"] as const;

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePermission("/admin/orders", "orders:manage");
  if (!principal) return <Forbidden />;
  const raw = await searchParams;
  const params: Record<string, string> = {};
  for (const k of KEYS) {
    const v = raw[k];
    const value = Array.isArray(v) ? v[0] : v;
    if (value) params[k] = value;
  }
  const parsed = orderListQuery.safeParse({ ...params, page_size: String(PAGE_SIZE) });
  const result = parsed.success ? await listOrders(principal, parsed.data) : null;
  const page = parsed.success ? parsed.data.page : 1;
  const pageCount = result ? Math.max(1, Math.ceil(result.count / PAGE_SIZE)) : 1;
  return (
    <div>
      <h1 className="text-2xl font-bold">Orders</h1>
      <OrderFilters action="/admin/orders" values={params} withSearch />
      {!parsed.success ? (
        <p role="alert" className="mt-6 rounded border border-rose-200 bg-rose-50 p-4 text-rose-800">
          Some filters are not valid: {parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.
        </p>
      ) : (
        <>
          <p className="mt-6 text-sm text-slate-600" aria-live="polite">
            {(result?.count ?? 0).toLocaleString("en-US")} orders
          </p>
          {result?.views.length ? (
            <OrdersTable orders={result.views.map(serializeOrder)} detailPath={(id) => `/admin/orders/${id}`} caption="Orders" />
          ) : (
            <p className="mt-3 text-slate-600">No orders match.</p>
          )}
          <Pagination basePath="/admin/orders" params={params} page={page} pageCount={pageCount} />
        </>
      )}
    </div>
  );
}
