import type { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { moderateReview } from "@/lib/reviews/moderate-review";
import { rejectReviewSchema, reviewIdParams } from "@/lib/reviews/schemas";
import { reviewModeratedSchema } from "@/lib/reviews/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/reviews/{id}/reject/ — a moderator rejects (or takes down) a review, with a reason shown to the author
export const POST = withApi(
  {
    permission: "reviews:moderate",
    params: reviewIdParams,
    body: rejectReviewSchema,
    doc: {
      summary: "Reject a review",
      description:
        "Rejects a pending review, or takes down an approved one, with a `reason` (plain text) that its author sees; an already rejected one is a 409 with `current_status`. A moderator cannot moderate their own review (403). Audited with the reason.",
      tags: ["reviews"],
      responses: { 200: reviewModeratedSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    const review = await moderateReview(principal, params.id, "rejected", body.reason, requestMeta(req.headers, requestId));
    return jsonResponse({ detail: "Review rejected.", review } satisfies z.input<typeof reviewModeratedSchema>);
  },
);
