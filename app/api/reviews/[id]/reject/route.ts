import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { moderateReview } from "@/lib/reviews/moderate-review";
import { rejectReviewSchema, reviewIdParams } from "@/lib/reviews/schemas";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/reviews/{id}/reject/ — a moderator rejects (or takes down) a review, with a reason shown to the author
export const POST = withApi({ permission: "reviews:moderate", params: reviewIdParams, body: rejectReviewSchema }, async ({ req, principal, params, body, requestId }) => {
  const review = await moderateReview(principal, params.id, "rejected", body.reason, requestMeta(req.headers, requestId));
  return jsonResponse({ detail: "Review rejected.", review });
});
