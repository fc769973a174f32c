import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/storefront/pagination";
import { ProductGrid } from "@/components/storefront/product-card";
import { listCategories, listProducts } from "@/lib/catalog/queries";
import { productListQuery } from "@/lib/catalog/schemas";
import { serializeProductListItem } from "@/lib/catalog/serializers";
import { ratingSummaries } from "../_lib/rating-summaries";

export const metadata: Metadata = { title: "Catalogue" };

const SORTS = [
  ["", "Newest"],
  ["price", "Price: low to high"],
  ["-price", "Price: high to low"],
  ["name", "Name: A to Z"],
  ["-name", "Name: Z to A"],
] as const;

/** Only the parameters the catalogue understands are carried in links (and so in shared URLs). */
const KEYS = ["search", "ordering", "category", "in_stock", "min_price", "max_price", "page"] as const;

export default async function CataloguePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const params: Record<string, string> = {};
  for (const k of KEYS) {
    const v = raw[k];
    const value = Array.isArray(v) ? v[0] : v;
    if (value) params[k] = value;
  }
  const parsed = productListQuery.safeParse({ ...params, page_size: "24" });
  const [categories, result] = await Promise.all([
    listCategories(),
    parsed.success ? listProducts(null, parsed.data) : Promise.resolve(null),
  ]);
  const ratings = await ratingSummaries(result?.rows.map((p) => p.id) ?? []);
  const page = parsed.success ? parsed.data.page : 1;
  const pageCount = result ? Math.max(1, Math.ceil(result.count / 24)) : 1;

  return (
    <div>
      <h1 className="text-2xl font-bold">Catalogue</h1>
      <form method="get" action="/products" role="search" className="mt-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-6">
        <label className="col-span-2 flex flex-col text-sm">
          Search
          <input name="search" type="search" defaultValue={params.search ?? ""} maxLength={200} className="mt-1 rounded border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="flex flex-col text-sm">
          Category
          <select name="category" defaultValue={params.category ?? ""} className="mt-1 rounded border border-slate-300 px-2 py-1.5">
            <option value="">All</option>
            {categories.map((c) => (
              <option key={c.id} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Sort
          <select name="ordering" defaultValue={params.ordering ?? ""} className="mt-1 rounded border border-slate-300 px-2 py-1.5">
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {/* with a search and no explicit order, results come ranked by relevance */}
                {value === "" && params.search ? "Best match" : label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Min price
          <input name="min_price" inputMode="decimal" defaultValue={params.min_price ?? ""} className="mt-1 rounded border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="flex flex-col text-sm">
          Max price
          <input name="max_price" inputMode="decimal" defaultValue={params.max_price ?? ""} className="mt-1 rounded border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="col-span-2 flex items-center gap-2 text-sm">
          <input type="checkbox" name="in_stock" value="true" defaultChecked={params.in_stock === "true"} />
          In stock only
        </label>
        <div className="col-span-2 md:col-span-4 md:text-right">
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Apply
          </button>
        </div>
      </form>

      {!parsed.success || !result ? (
        <p role="alert" className="mt-6 rounded border border-rose-200 bg-rose-50 p-4 text-rose-800">
          Some filters are not valid: {parsed.success ? "" : parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.{" "}
          <Link href="/products" className="underline">
            Clear all filters
          </Link>
        </p>
      ) : (
        <>
          <p className="mt-6 text-sm text-slate-600" aria-live="polite">
            {result.count.toLocaleString("en-US")} products
          </p>
          {result.rows.length ? (
            <div className="mt-3">
              <ProductGrid label="Products" products={result.rows.map(serializeProductListItem)} ratings={ratings} />
            </div>
          ) : (
            <div className="mt-3 rounded-lg border border-slate-200 bg-white p-8 text-center">
              <p className="text-lg font-medium">{result.count > 0 ? "This page is past the end of the results." : "No products match."}</p>
              <p className="mt-1 text-slate-600">Try other words or fewer filters.</p>
              <Link href="/products" className="mt-4 inline-block text-brand-700 underline">
                Clear all filters
              </Link>
            </div>
          )}
          <Pagination basePath="/products" params={params} page={page} pageCount={pageCount} />
        </>
      )}
    </div>
  );
}
