import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { createReview } from "@/lib/reviews/create-review";
import { listReviews } from "@/lib/reviews/queries";
import { createReviewSchema, reviewListQuery } from "@/lib/reviews/schemas";
import { serializeReview } from "@/lib/reviews/serializers";
import { reviewViewer } from "@/lib/reviews/viewer";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/reviews/ — approved reviews, plus the caller's own (moderators: all); filters, ordering, pagination
export const GET = withApi({ auth: "public", query: reviewListQuery }, async ({ principal, query, url }) => {
  const viewer = reviewViewer(principal);
  const { count, rows } = await listReviews(viewer, query);
  return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map((r) => serializeReview(r, viewer))));
});

// POST /api/reviews/ — review an active product (one per customer and product); starts pending
export const POST = withApi({ permission: "reviews:write", body: createReviewSchema }, async ({ req, principal, body, requestId }) => {
  const review = await createReview(principal, body, requestMeta(req.headers, requestId));
  return jsonResponse(review, { status: 201, headers: { location: `/api/reviews/${review.id}/` } });
});
