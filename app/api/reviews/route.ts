import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { paginated } from "@/lib/openapi/doc";
import { createReview } from "@/lib/reviews/create-review";
import { listReviews } from "@/lib/reviews/queries";
import { createReviewSchema, reviewListQuery } from "@/lib/reviews/schemas";
import { reviewSchema, serializeReview } from "@/lib/reviews/serializers";
import { reviewViewer } from "@/lib/reviews/viewer";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/reviews/ — approved reviews, plus the caller's own (moderators: all); filters, ordering, pagination
export const GET = withApi(
  {
    auth: "public",
    keyScopes: ["reviews:write", "reviews:moderate"],
    query: reviewListQuery,
    doc: {
      summary: "List reviews",
      description:
        "Approved reviews for everyone, plus the caller's own in any state; moderators see every review. The author's e-mail and the rejection reason only reach the author and moderators. Newest first unless `ordering` says otherwise.",
      tags: ["reviews"],
      responses: { 200: paginated(reviewSchema) },
      errors: [404],
    },
  },
  async ({ principal, query, url }) => {
    const viewer = reviewViewer(principal);
    const { count, rows } = await listReviews(viewer, query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map((r) => serializeReview(r, viewer))));
  },
);

// POST /api/reviews/ — review an active product (one per customer and product); starts pending
export const POST = withApi(
  {
    permission: "reviews:write",
    body: createReviewSchema,
    doc: {
      summary: "Review a product",
      description:
        "One review per customer and product (a second is a 409); an unknown or inactive product is a 400, one's own product a 403. Plain text only (markup is refused). The review starts `pending` and is public once a moderator approves it. `is_verified_purchase`, `status` and the like are decided by the server and refused in the body. Audited.",
      tags: ["reviews"],
      responses: { 201: reviewSchema },
      responseHeaders: { 201: ["Location"] },
      errors: [409],
    },
  },
  async ({ req, principal, body, requestId }) => {
    const review = await createReview(principal, body, requestMeta(req.headers, requestId));
    return jsonResponse(review, { status: 201, headers: { location: `/api/reviews/${review.id}/` } });
  },
);
