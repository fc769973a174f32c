import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/forbidden";
import { ProductFilters } from "@/components/seller/product-filters";
import { ProductTable } from "@/components/seller/product-table";
import { Pagination } from "@/components/storefront/pagination";
import { requirePermission } from "@/lib/auth/page-principal";
import { listProducts } from "@/lib/catalog/queries";
import { productListQuery } from "@/lib/catalog/schemas";
import { pickParams } from "./search-params";

export const metadata: Metadata = { title: "My products · Seller" };

const PAGE_SIZE = 25;
const KEYS = ["search", "ordering", "low_stock", "page"] as const;

export default async function SellerProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePermission("/seller", "products:write");
  if (!principal) return <Forbidden />;

  const raw = await searchParams;
  const params = pickParams(raw, KEYS);
  const created = pickParams(raw, ["created"]).created;
  // "my products": the caller's own, active or not (listProducts shows a seller their own products in any state)
  const parsed = productListQuery.safeParse({ ...params, seller: String(principal.userId), page_size: String(PAGE_SIZE) });
  const result = parsed.success ? await listProducts(principal, parsed.data) : null;
  const page = parsed.success ? parsed.data.page : 1;
  const pageCount = result ? Math.max(1, Math.ceil(result.count / PAGE_SIZE)) : 1;

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">My products</h1>
        <Link href="/seller/products/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          New product
        </Link>
      </div>
      {created ? (
        <p role="status" className="mt-4 rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Product {created} created.
        </p>
      ) : null}
      <ProductFilters values={params} />
      {!parsed.success ? (
        <p role="alert" className="mt-6 rounded border border-rose-200 bg-rose-50 p-4 text-rose-800">
          Some filters are not valid: {parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.
        </p>
      ) : (
        <>
          <p className="mt-6 text-sm text-slate-600" aria-live="polite">
            {(result?.count ?? 0).toLocaleString("en-US")} products{params.low_stock === "true" ? " at or below their low-stock threshold" : ""}
          </p>
          {result?.rows.length ? <ProductTable rows={result.rows} /> : <p className="mt-3 text-slate-600">No products match.</p>}
          <Pagination basePath="/seller" params={params} page={page} pageCount={pageCount} />
        </>
      )}
    </div>
  );
}
