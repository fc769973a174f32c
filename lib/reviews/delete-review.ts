import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { reviews } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { lockReviewOrThrow } from "./queries";
import { reviewViewer } from "./viewer";

/** The author or a moderator deletes a review for good (its helpful votes cascade); the audit row keeps what it was. */
export async function deleteReview(principal: Principal, reviewId: number, meta: RequestMeta): Promise<void> {
  const viewer = reviewViewer(principal);
  await db().transaction(async (tx) => {
    const current = await lockReviewOrThrow(tx, viewer, reviewId);
    const isAuthor = current.customerId === principal.userId;
    if (!isAuthor && !viewer.moderator) throw new ApiError("forbidden", "You can only delete your own reviews.");
    await tx.delete(reviews).where(eq(reviews.id, reviewId));
    await audit(
      {
        action: "REVIEW_DELETE",
        targetType: "REVIEW",
        targetId: reviewId,
        result: "SUCCESS",
        actorUserId: principal.userId,
        meta,
        metadata: { by: isAuthor ? "author" : "moderator", customer_id: current.customerId, product_id: current.productId, status: current.status, rating: current.rating, helpful_count: current.helpfulCount },
      },
      tx,
    );
  });
}
