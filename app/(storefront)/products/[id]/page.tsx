import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AddToCart } from "@/components/storefront/add-to-cart";
import { ProductImage } from "@/components/storefront/product-image";
import { RatingSummary } from "@/components/storefront/rating-stars";
import { REVIEWS_PAGE_SIZE, ReviewsSection } from "@/components/storefront/reviews-section";
import { StockState } from "@/components/storefront/stock-state";
import type { Principal } from "@/lib/auth/principal";
import { currentPrincipal } from "@/lib/auth/page-principal";
import { getProductOrThrow } from "@/lib/catalog/queries";
import { productImageUrl } from "@/lib/catalog/serializers";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/problem";
import { moneyString } from "@/lib/money";
import { listProductReviews, listReviews, productRatingSummary } from "@/lib/reviews/queries";
import { reviewListQuery } from "@/lib/reviews/schemas";
import { serializeReview } from "@/lib/reviews/serializers";
import { reviewViewer } from "@/lib/reviews/viewer";

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

/** `?reviews_page=` as a page number from 1 (anything else is page 1: a bad link still shows the product). */
function reviewsPage(raw: string | string[] | undefined): number {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && /^\d{1,6}$/.test(value) && Number(value) >= 1 ? Number(value) : 1;
}

/**
 * The product's reviews as this visitor may see them: the page of approved ones, the visitor's own review in any
 * state (shown apart, with its moderation state), and the approved-only average and count.
 */
async function loadReviews(productId: number, principal: Principal | null, page: number) {
  const viewer = reviewViewer(principal);
  const [summary, list, mine] = await Promise.all([
    productRatingSummary(productId),
    listProductReviews(viewer, productId, page, REVIEWS_PAGE_SIZE),
    principal ? listReviews(viewer, reviewListQuery.parse({ product: String(productId), customer: String(principal.userId), page_size: "1" })) : null,
  ]);
  const ownRow = mine?.rows[0] ?? null;
  return {
    summary,
    own: ownRow ? serializeReview(ownRow, viewer) : null,
    reviews: list.rows.filter((r) => r.id !== ownRow?.id).map((r) => serializeReview(r, viewer)),
    pageCount: Math.max(1, Math.ceil(list.count / REVIEWS_PAGE_SIZE)),
  };
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const product = await loadProduct((await params).id);
  return { title: product.name };
}

export default async function ProductPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [product, principal, query] = await Promise.all([params.then((p) => loadProduct(p.id)), currentPrincipal(), searchParams]);
  const page = reviewsPage(query.reviews_page);
  const reviews = await loadReviews(product.id, principal, page);
  return (
    <div className="space-y-10">
      <article className="grid gap-8 md:grid-cols-2">
        <ProductImage src={productImageUrl(product)} alt={product.name} sizes="(min-width: 768px) 560px, 100vw" eager className="rounded-xl" />
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
          <a href="#reviews" className="mt-2 inline-block hover:underline" aria-label={reviews.summary.review_count ? `Rated ${reviews.summary.average_rating} out of 5 in ${reviews.summary.review_count === 1 ? "1 review" : `${reviews.summary.review_count} reviews`}: read the reviews` : "No reviews yet: go to reviews"}>
            <RatingSummary summary={reviews.summary} testId="product-rating" />
          </a>
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
      <ReviewsSection
        productId={product.id}
        productActive={product.isActive}
        principal={principal}
        summary={reviews.summary}
        reviews={reviews.reviews}
        own={reviews.own}
        page={page}
        pageCount={reviews.pageCount}
      />
    </div>
  );
}
