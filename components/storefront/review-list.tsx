import type { SerializedReview } from "@/lib/reviews/serializers";
import { HelpfulButton } from "./helpful-button";
import { RatingStars } from "./rating-stars";

const DATE = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

/** What the author sees about their own review's moderation; others only ever see approved reviews. */
function ModerationState({ review }: { review: SerializedReview }) {
  if (review.status === "pending") {
    return (
      <div className="mt-2 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <span className="font-medium">Pending review.</span> Your review is waiting for moderation; only you can see it for now.
      </div>
    );
  }
  if (review.status === "rejected") {
    return (
      <div className="mt-2 rounded border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
        <p className="font-medium">Rejected: {review.rejection_reason ?? "no reason given"}</p>
        <p>Edit your review to send it back to moderation.</p>
      </div>
    );
  }
  return null;
}

/**
 * One review. Every piece of it is plain text rendered by React (escaped), never HTML; the comment keeps its line
 * breaks through CSS (`white-space: pre-line`), not through markup.
 */
export function ReviewItem({ review, own = false, canVote = false }: { review: SerializedReview; own?: boolean; canVote?: boolean }) {
  const headingId = `review-${review.id}-title`;
  return (
    <article aria-labelledby={headingId} data-testid="review" data-review-id={review.id}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <RatingStars value={review.rating} />
        <h3 id={headingId} className="font-semibold break-words">
          {review.title}
        </h3>
      </div>
      <p className="mt-1 flex flex-wrap items-center gap-x-2 text-xs text-slate-600">
        <span data-testid="review-author">{review.customer_name}</span>
        <span aria-hidden>·</span>
        <time dateTime={review.created_at}>{DATE.format(new Date(review.created_at))}</time>
        {review.is_verified_purchase && (
          <span className="rounded-full bg-emerald-100 px-2 py-0.5 font-medium text-emerald-800" data-testid="verified-badge">
            Verified purchase
          </span>
        )}
        {own && <span className="rounded-full bg-slate-200 px-2 py-0.5 font-medium text-slate-700">Your review</span>}
      </p>
      {own && <ModerationState review={review} />}
      {review.comment && <p className="mt-2 whitespace-pre-line break-words text-slate-800">{review.comment}</p>}
      <div className="mt-2">
        {canVote && review.status === "approved" && !own ? (
          <HelpfulButton reviewId={review.id} count={review.helpful_count} voted={review.has_voted} />
        ) : (
          review.status === "approved" && (
            <p className="text-xs text-slate-600" data-testid="helpful-count">
              {review.helpful_count === 1 ? "1 person found this helpful" : `${review.helpful_count} people found this helpful`}
            </p>
          )
        )}
      </div>
    </article>
  );
}

/** Approved reviews (the viewer's own is shown apart, with its controls). */
export function ReviewList({ reviews, canVote }: { reviews: SerializedReview[]; canVote: boolean }) {
  return (
    <ol aria-label="Customer reviews" className="divide-y divide-slate-200">
      {reviews.map((r) => (
        <li key={r.id} className="py-4">
          <ReviewItem review={r} canVote={canVote} />
        </li>
      ))}
    </ol>
  );
}
