import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AddToCart } from "@/components/storefront/add-to-cart";
import { StockState } from "@/components/storefront/stock-state";
import { currentPrincipal } from "@/lib/auth/page-principal";
import { getProductOrThrow } from "@/lib/catalog/queries";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/problem";
import { moneyString } from "@/lib/money";

async function loadProduct(id: string) {
  if (!/^\d{1,15}$/.test(id)) notFound();
  try {
    // the storefront shows what anyone may see (active products), whoever is signed in
    return await getProductOrThrow(null, Number(id));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const product = await loadProduct((await params).id);
  return { title: product.name };
}

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const [product, principal] = await Promise.all([params.then((p) => loadProduct(p.id)), currentPrincipal()]);
  return (
    <div className="space-y-10">
      <article className="grid gap-8 md:grid-cols-2">
        <div aria-hidden className="aspect-square rounded-xl bg-gradient-to-br from-slate-200 to-slate-100" />
        <div>
          <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
            <Link href="/products" className="hover:underline">
              Catalogue
            </Link>
            {" / "}
            {product.categorySlug ? (
              <Link href={`/products?category=${encodeURIComponent(product.categorySlug)}`} className="hover:underline">
                {product.categoryName}
              </Link>
            ) : (
              <span>Uncategorised</span>
            )}
          </nav>
          <h1 className="mt-1 text-3xl font-bold">{product.name}</h1>
          <p className="mt-4 text-2xl font-semibold" data-testid="product-price">
            ${moneyString(product.price)}
          </p>
          <StockState stock={product.stockQuantity} className="mt-2" />
          <AddToCart productId={product.id} stock={product.stockQuantity} maxQuantity={env().SHOP_MAX_QUANTITY_PER_ITEM} signedIn={principal !== null} />
          <p className="mt-6 whitespace-pre-line text-slate-700">{product.description}</p>
          <dl className="mt-6 grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-500">SKU</dt>
            <dd>{product.sku}</dd>
            <dt className="text-slate-500">Seller</dt>
            <dd>{product.sellerEmail}</dd>
            <dt className="text-slate-500">Category</dt>
            <dd>{product.categoryName ?? "Uncategorised"}</dd>
          </dl>
        </div>
      </article>
      {/* filled by the reviews feature; until then it says only what is true */}
      <section id="reviews" aria-labelledby="reviews-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="reviews-heading" className="text-lg font-semibold">
          Reviews
        </h2>
        <p className="mt-2 text-sm text-slate-600">No reviews yet.</p>
      </section>
    </div>
  );
}
