import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { reviews } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue";
import { getReviewOrThrow, lockReviewOrThrow } from "./queries";
import type { ReviewStatus } from "./schemas";
import { serializeReview, type SerializedReview } from "./serializers";
import { canModerate, type ModerationDecision } from "./transitions";
import { reviewViewer } from "./viewer";

/**
 * A moderator approves or rejects (with a reason the author sees). The row is locked, so a decision and an edit by
 * the author (which sends the review back to pending) happen one after the other, never interleaved.
 */
export async function moderateReview(
  principal: Principal,
  reviewId: number,
  decision: ModerationDecision,
  reason: string | null,
  meta: RequestMeta,
): Promise<SerializedReview> {
  const viewer = reviewViewer(principal);
  if (!viewer.moderator) throw new ApiError("forbidden", "Only moderators can approve or reject reviews.");
  const action = decision === "approved" ? "REVIEW_APPROVE" : "REVIEW_REJECT";
  return db().transaction(async (tx) => {
    const current = await lockReviewOrThrow(tx, viewer, reviewId);
    const from = current.status as ReviewStatus;
    // four eyes: a moderator's own review is moderated by someone else
    if (current.customerId === principal.userId) throw new ApiError("forbidden", "You cannot moderate your own review.");
    if (!canModerate(from, decision)) {
      throw new ApiError("conflict", `This review is already ${from}.`, { extensions: { current_status: from } });
    }
    const now = new Date();
    await tx
      .update(reviews)
      .set({ status: decision, rejectionReason: decision === "rejected" ? reason : null, moderatedBy: principal.userId, moderatedAt: now, updatedAt: now })
      .where(eq(reviews.id, reviewId));
    await audit(
      { action, targetType: "REVIEW", targetId: reviewId, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { from, to: decision, reason, product_id: current.productId, customer_id: current.customerId } },
      tx,
    );
    if (decision === "approved") await enqueueWebhookEvent(tx, { type: "review.approved", reviewId });
    return serializeReview(await getReviewOrThrow(viewer, reviewId, tx), viewer);
  });
}
