import type { Metadata } from "next";
import { OrderFilters } from "@/components/admin/orders/order-filters";
import { OrdersTable } from "@/components/admin/orders/orders-table";
import { Forbidden } from "@/components/forbidden";
import { Pagination } from "@/components/storefront/pagination";
import { requirePermission } from "@/lib/auth/page-principal";
import { listOrders } from "@/lib/orders/queries";
import { orderListQuery } from "@/lib/orders/schemas";
import { serializeOrder } from "@/lib/orders/serializers";
import { pickParams } from "../search-params";
import { asSeller } from "./as-seller";

export const metadata: Metadata = { title: "Orders · Seller" };

const PAGE_SIZE = 20;
const KEYS = ["status", "page"] as const;

export default async function SellerOrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePermission("/seller/orders", "orders:fulfil");
  if (!principal) return <Forbidden />;
  const params = pickParams(await searchParams, KEYS);
  const parsed = orderListQuery.safeParse({ ...params, page_size: String(PAGE_SIZE) });
  const result = parsed.success ? await listOrders(asSeller(principal), parsed.data) : null;
  const page = parsed.success ? parsed.data.page : 1;
  const pageCount = result ? Math.max(1, Math.ceil(result.count / PAGE_SIZE)) : 1;
  return (
    <div>
      <h1 className="text-2xl font-bold">Orders</h1>
      <p className="mt-1 text-sm text-slate-600">Orders that contain your products. You see your own lines and their amount.</p>
      <OrderFilters action="/seller/orders" values={params} withSearch={false} />
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
            <OrdersTable orders={result.views.map(serializeOrder)} detailPath={(id) => `/seller/orders/${id}`} caption="Orders with your products" />
          ) : (
            <p className="mt-3 text-slate-600">No orders match.</p>
          )}
          <Pagination basePath="/seller/orders" params={params} page={page} pageCount={pageCount} />
        </>
      )}
    </div>
  );
}
