import Link from "next/link";
import { connection } from "next/server";
import { ProductGrid } from "@/components/storefront/product-card";
import { listFeaturedProducts, listProducts } from "@/lib/catalog/queries";
import { productListQuery } from "@/lib/catalog/schemas";
import { serializeProductListItem } from "@/lib/catalog/serializers";
import { ratingSummaries } from "./_lib/rating-summaries";

export default async function HomePage() {
  await connection();
  const [featured, latest] = await Promise.all([
    listFeaturedProducts(8),
    listProducts(null, productListQuery.parse({ page_size: "12" })),
  ]);
  const ratings = await ratingSummaries([...featured, ...latest.rows].map((p) => p.id));
  return (
    <div className="space-y-12">
      <section className="rounded-xl bg-brand-50 px-6 py-10">
        <h1 className="text-3xl font-bold tracking-tight">Everything for home, travel and the outdoors</h1>
        <p className="mt-2 max-w-2xl text-slate-700">
          {latest.count.toLocaleString("en-US")} products from independent sellers.
        </p>
        <Link href="/products" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Browse the catalogue
        </Link>
      </section>
      {featured.length > 0 && (
        <section aria-labelledby="featured-heading">
          <h2 id="featured-heading" className="mb-4 text-xl font-semibold">
            Featured
          </h2>
          <ProductGrid label="Featured products" products={featured.map(serializeProductListItem)} ratings={ratings} />
        </section>
      )}
      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading" className="mb-4 text-xl font-semibold">
          New arrivals
        </h2>
        <ProductGrid label="New arrivals" products={latest.rows.map(serializeProductListItem)} ratings={ratings} />
      </section>
    </div>
  );
}
