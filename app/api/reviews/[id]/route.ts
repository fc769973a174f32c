import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { deleteReview } from "@/lib/reviews/delete-review";
import { getReviewOrThrow } from "@/lib/reviews/queries";
import { patchReviewSchema, putReviewSchema, reviewIdParams } from "@/lib/reviews/schemas";
import { reviewSchema, serializeReview } from "@/lib/reviews/serializers";
import { updateReview } from "@/lib/reviews/update-review";
import { reviewViewer } from "@/lib/reviews/viewer";
import { requestMeta } from "@/lib/security/request-meta";

const EDIT_RULES =
  "Only the author (a moderator or anyone else who can see the review gets a 403; a review the caller cannot see is a 404). A real change sends the review back to `pending` and clears the previous moderation. Plain text only. Audited.";

// GET /api/reviews/{id}/ — one review the caller may see (someone else's unapproved review is a 404)
export const GET = withApi(
  {
    auth: "public",
    keyScopes: ["reviews:write", "reviews:moderate"],
    params: reviewIdParams,
    doc: {
      summary: "Get a review",
      description: "An approved review for everyone; a pending or rejected one only for its author and moderators (404 for others).",
      tags: ["reviews"],
      responses: { 200: reviewSchema },
      errors: [404],
    },
  },
  async ({ principal, params }) => {
    const viewer = reviewViewer(principal);
    return jsonResponse(serializeReview(await getReviewOrThrow(viewer, params.id), viewer));
  },
);

// PUT /api/reviews/{id}/ — the author replaces rating, title (and comment); a change goes back to moderation
export const PUT = withApi(
  {
    permission: "reviews:write",
    params: reviewIdParams,
    body: putReviewSchema,
    doc: {
      summary: "Replace a review",
      description: `\`rating\` and \`title\` are required; \`comment\` left out keeps its value. ${EDIT_RULES}`,
      tags: ["reviews"],
      responses: { 200: reviewSchema },
      errors: [404],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    return jsonResponse(await updateReview(principal, params.id, body, requestMeta(req.headers, requestId)));
  },
);

// PATCH /api/reviews/{id}/ — the author changes some of rating, title, comment; a change goes back to moderation
export const PATCH = withApi(
  {
    permission: "reviews:write",
    params: reviewIdParams,
    body: patchReviewSchema,
    doc: {
      summary: "Update some fields of a review",
      description: `Send at least one of \`rating\`, \`title\`, \`comment\`. ${EDIT_RULES}`,
      tags: ["reviews"],
      responses: { 200: reviewSchema },
      errors: [404],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    return jsonResponse(await updateReview(principal, params.id, body, requestMeta(req.headers, requestId)));
  },
);

// DELETE /api/reviews/{id}/ — the author or a moderator deletes the review (votes go with it)
export const DELETE = withApi(
  {
    params: reviewIdParams,
    keyScopes: ["reviews:write", "reviews:moderate"],
    doc: {
      summary: "Delete a review",
      description:
        "The author or a moderator deletes the review for good, its helpful votes with it. Anyone else who can see it gets a 403; a review the caller cannot see is a 404. Audited with what the review was.",
      tags: ["reviews"],
      responses: { 204: null },
      errors: [404],
    },
  },
  async ({ req, principal, params, requestId }) => {
    await deleteReview(principal, params.id, requestMeta(req.headers, requestId));
    return new Response(null, { status: 204 });
  },
);
