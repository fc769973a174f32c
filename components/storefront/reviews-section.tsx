import Link from "next/link";
import type { Principal } from "@/lib/auth/principal";
import type { SerializedReview } from "@/lib/reviews/serializers";
import { OwnReview } from "./own-review";
import { Pagination } from "./pagination";
import { RatingSummary, type RatingSummaryData } from "./rating-stars";
import { ReviewForm } from "./review-form";
import { ReviewItem, ReviewList } from "./review-list";

export const REVIEWS_PAGE_SIZE = 10;

type Props = {
  productId: number;
  productActive: boolean;
  principal: Principal | null;
  summary: RatingSummaryData;
  /** Approved reviews of this page (the viewer's own taken out: it is shown apart). */
  reviews: SerializedReview[];
  own: SerializedReview | null;
  page: number;
  pageCount: number;
};

/** Who may write what: anonymous → sign-in link; has a review → it, with Edit/Delete; eligible → the form. */
function WriteOrOwn({ productId, productActive, principal, own }: Pick<Props, "productId" | "productActive" | "principal" | "own">) {
  if (!principal) {
    return (
      <p className="text-sm">
        <Link href={`/login?next=${encodeURIComponent(`/products/${productId}#reviews`)}`} className="font-medium text-brand-700 underline">
          Sign in to write a review
        </Link>
      </p>
    );
  }
  if (own) {
    return (
      <section aria-labelledby="own-review-heading" className="rounded-lg border border-slate-200 bg-slate-50 p-4">
        <h3 id="own-review-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-600">
          Your review
        </h3>
        <OwnReview productId={productId} review={{ id: own.id, rating: own.rating, title: own.title, comment: own.comment }}>
          <ReviewItem review={own} own />
        </OwnReview>
      </section>
    );
  }
  if (!principal.permissions.has("reviews:write")) return <p className="text-sm text-slate-600">Your account cannot write reviews.</p>;
  if (!productActive) return <p className="text-sm text-slate-600">This product is not on sale, so it cannot be reviewed.</p>;
  return (
    <section aria-labelledby="write-review-heading" className="rounded-lg border border-slate-200 bg-slate-50 p-4">
      <h3 id="write-review-heading" className="mb-2 font-semibold">
        Write a review
      </h3>
      <ReviewForm productId={productId} />
    </section>
  );
}

export function ReviewsSection(props: Props) {
  const { productId, principal, summary, reviews, page, pageCount } = props;
  const canVote = principal?.permissions.has("reviews:write") ?? false;
  return (
    <section id="reviews" aria-labelledby="reviews-heading" className="scroll-mt-4 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="reviews-heading" className="text-lg font-semibold">
          Reviews
        </h2>
        <RatingSummary summary={summary} testId="reviews-summary" />
      </div>
      <WriteOrOwn {...props} />
      {reviews.length ? (
        <ReviewList reviews={reviews} canVote={canVote} />
      ) : page > 1 ? (
        <p className="text-sm text-slate-600">No more reviews.</p>
      ) : (
        !summary.review_count && <p className="text-sm text-slate-600">No reviews yet. Be the first to review this product.</p>
      )}
      <Pagination basePath={`/products/${productId}`} params={{}} page={page} pageCount={pageCount} param="reviews_page" fragment="reviews" label="Review pages" />
    </section>
  );
}
