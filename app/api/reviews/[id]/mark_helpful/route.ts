import { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { markHelpful, unmarkHelpful } from "@/lib/reviews/helpful-vote";
import { reviewIdParams } from "@/lib/reviews/schemas";
import { helpfulVoteSchema } from "@/lib/reviews/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/reviews/{id}/mark_helpful/ — one helpful vote per user on someone else's approved review
export const POST = withApi(
  {
    permission: "reviews:write",
    params: reviewIdParams,
    body: z.strictObject({}),
    doc: {
      summary: "Mark a review as helpful",
      description:
        "One vote per user, on someone else's approved review: a second vote, or a review not (or no longer) approved, is a 409; one's own review a 403; a review the caller cannot see a 404. The body is an empty object (or none). Audited.",
      tags: ["reviews"],
      responses: { 200: helpfulVoteSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, requestId }) => {
    const vote: z.input<typeof helpfulVoteSchema> = await markHelpful(principal, params.id, requestMeta(req.headers, requestId));
    return jsonResponse(vote);
  },
);

// DELETE /api/reviews/{id}/mark_helpful/ — take one's helpful vote back
export const DELETE = withApi(
  {
    permission: "reviews:write",
    params: reviewIdParams,
    doc: {
      summary: "Take back a helpful vote",
      description: "Removes the caller's vote and lowers the count with it; 404 when the caller has not voted (or cannot see the review). Audited.",
      tags: ["reviews"],
      responses: { 200: helpfulVoteSchema },
      errors: [404],
    },
  },
  async ({ req, principal, params, requestId }) => {
    const vote: z.input<typeof helpfulVoteSchema> = await unmarkHelpful(principal, params.id, requestMeta(req.headers, requestId));
    return jsonResponse(vote);
  },
);
