import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { reviews } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { getReviewOrThrow, lockReviewOrThrow } from "./queries";
import type { UpdateReviewInput } from "./schemas";
import { serializeReview, type SerializedReview } from "./serializers";
import { reviewViewer } from "./viewer";

/**
 * The author edits rating, title or comment. Any real change sends the review back to moderation (the original
 * kept an approval across edits, so an approved review could be rewritten into anything). Moderators moderate;
 * they do not rewrite other people's words: 403 for anyone who can see the review but did not write it.
 */
export async function updateReview(principal: Principal, reviewId: number, input: UpdateReviewInput, meta: RequestMeta): Promise<SerializedReview> {
  const viewer = reviewViewer(principal);
  return db().transaction(async (tx) => {
    const current = await lockReviewOrThrow(tx, viewer, reviewId);
    if (current.customerId !== principal.userId) throw new ApiError("forbidden", "You can only update your own reviews.");
    const changed: string[] = [];
    if (input.rating !== undefined && input.rating !== current.rating) changed.push("rating");
    if (input.title !== undefined && input.title !== current.title) changed.push("title");
    if (input.comment !== undefined && input.comment !== current.comment) changed.push("comment");
    if (changed.length) {
      await tx
        .update(reviews)
        .set({
          rating: input.rating ?? current.rating,
          title: input.title ?? current.title,
          comment: input.comment ?? current.comment,
          status: "pending",
          rejectionReason: null,
          moderatedBy: null,
          moderatedAt: null,
          updatedAt: new Date(),
        })
        .where(eq(reviews.id, reviewId));
      await audit(
        { action: "REVIEW_UPDATE", targetType: "REVIEW", targetId: reviewId, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { fields: changed, previous_status: current.status, status: "pending" } },
        tx,
      );
    }
    return serializeReview(await getReviewOrThrow(viewer, reviewId, tx), viewer);
  });
}
