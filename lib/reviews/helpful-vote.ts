import { and, eq, sql } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { reviews, reviewVotes } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { reviewVisibility } from "./queries";
import { reviewViewer } from "./viewer";

export type VoteResult = { detail: string; helpful_count: number; has_voted: boolean };

const NOT_APPROVED = "Only approved reviews can be marked as helpful.";

async function visibleReviewOrThrow(tx: Tx, principal: Principal, reviewId: number) {
  const [row] = await tx
    .select({ customerId: reviews.customerId, status: reviews.status })
    .from(reviews)
    .where(and(eq(reviews.id, reviewId), reviewVisibility(reviewViewer(principal))));
  if (!row) throw new ApiError("not_found", "Not found.");
  return row;
}

/**
 * One helpful vote per user and review: the vote row's primary key decides, and the count moves only when the
 * insert happened, in the same transaction — so parallel clicks give one vote and the count always equals the
 * number of vote rows (the original's count was a bare +1 per call, self-votes included).
 */
export async function markHelpful(principal: Principal, reviewId: number, meta: RequestMeta): Promise<VoteResult> {
  return db().transaction(async (tx) => {
    const review = await visibleReviewOrThrow(tx, principal, reviewId);
    if (review.customerId === principal.userId) throw new ApiError("forbidden", "You cannot vote on your own review.");
    if (review.status !== "approved") throw new ApiError("conflict", NOT_APPROVED);
    const inserted = await tx.insert(reviewVotes).values({ reviewId, userId: principal.userId }).onConflictDoNothing().returning({ reviewId: reviewVotes.reviewId });
    if (!inserted.length) throw new ApiError("conflict", "You already marked this review as helpful.");
    // still approved at the moment of counting; otherwise the vote rolls back with the error
    const [updated] = await tx
      .update(reviews)
      .set({ helpfulCount: sql`${reviews.helpfulCount} + 1` })
      .where(and(eq(reviews.id, reviewId), eq(reviews.status, "approved")))
      .returning({ helpfulCount: reviews.helpfulCount });
    if (!updated) throw new ApiError("conflict", NOT_APPROVED);
    await audit({ action: "REVIEW_VOTE", targetType: "REVIEW", targetId: reviewId, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { helpful_count: updated.helpfulCount } }, tx);
    return { detail: "Review marked as helpful.", helpful_count: updated.helpfulCount, has_voted: true };
  });
}

/** Takes the caller's vote back (404 when there is none); the count drops with the row, in one transaction. */
export async function unmarkHelpful(principal: Principal, reviewId: number, meta: RequestMeta): Promise<VoteResult> {
  return db().transaction(async (tx) => {
    await visibleReviewOrThrow(tx, principal, reviewId);
    const removed = await tx
      .delete(reviewVotes)
      .where(and(eq(reviewVotes.reviewId, reviewId), eq(reviewVotes.userId, principal.userId)))
      .returning({ reviewId: reviewVotes.reviewId });
    if (!removed.length) throw new ApiError("not_found", "You have not marked this review as helpful.");
    const [updated] = await tx
      .update(reviews)
      .set({ helpfulCount: sql`${reviews.helpfulCount} - 1` })
      .where(eq(reviews.id, reviewId))
      .returning({ helpfulCount: reviews.helpfulCount });
    await audit({ action: "REVIEW_UNVOTE", targetType: "REVIEW", targetId: reviewId, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { helpful_count: updated!.helpfulCount } }, tx);
    return { detail: "Helpful vote removed.", helpful_count: updated!.helpfulCount, has_voted: false };
  });
}
