import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { moderateReview } from "@/lib/reviews/moderate-review";
import { approveReviewSchema, reviewIdParams } from "@/lib/reviews/schemas";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/reviews/{id}/approve/ — a moderator publishes a pending (or previously rejected) review
export const POST = withApi({ permission: "reviews:moderate", params: reviewIdParams, body: approveReviewSchema }, async ({ req, principal, params, requestId }) => {
  const review = await moderateReview(principal, params.id, "approved", null, requestMeta(req.headers, requestId));
  return jsonResponse({ detail: "Review approved successfully.", review });
});
