import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { deleteReview } from "@/lib/reviews/delete-review";
import { getReviewOrThrow } from "@/lib/reviews/queries";
import { patchReviewSchema, putReviewSchema, reviewIdParams } from "@/lib/reviews/schemas";
import { serializeReview } from "@/lib/reviews/serializers";
import { updateReview } from "@/lib/reviews/update-review";
import { reviewViewer } from "@/lib/reviews/viewer";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/reviews/{id}/ — one review the caller may see (someone else's unapproved review is a 404)
export const GET = withApi({ auth: "public", params: reviewIdParams }, async ({ principal, params }) => {
  const viewer = reviewViewer(principal);
  return jsonResponse(serializeReview(await getReviewOrThrow(viewer, params.id), viewer));
});

// PUT /api/reviews/{id}/ — the author replaces rating, title (and comment); a change goes back to moderation
export const PUT = withApi({ permission: "reviews:write", params: reviewIdParams, body: putReviewSchema }, async ({ req, principal, params, body, requestId }) => {
  return jsonResponse(await updateReview(principal, params.id, body, requestMeta(req.headers, requestId)));
});

// PATCH /api/reviews/{id}/ — the author changes some of rating, title, comment; a change goes back to moderation
export const PATCH = withApi({ permission: "reviews:write", params: reviewIdParams, body: patchReviewSchema }, async ({ req, principal, params, body, requestId }) => {
  return jsonResponse(await updateReview(principal, params.id, body, requestMeta(req.headers, requestId)));
});

// DELETE /api/reviews/{id}/ — the author or a moderator deletes the review (votes go with it)
export const DELETE = withApi({ params: reviewIdParams }, async ({ req, principal, params, requestId }) => {
  await deleteReview(principal, params.id, requestMeta(req.headers, requestId));
  return new Response(null, { status: 204 });
});
