import type { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { moderateReview } from "@/lib/reviews/moderate-review";
import { approveReviewSchema, reviewIdParams } from "@/lib/reviews/schemas";
import { reviewModeratedSchema } from "@/lib/reviews/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/reviews/{id}/approve/ — a moderator publishes a pending (or previously rejected) review
export const POST = withApi(
  {
    permission: "reviews:moderate",
    params: reviewIdParams,
    body: approveReviewSchema,
    doc: {
      summary: "Approve a review",
      description:
        "Publishes a pending review, or a rejected one on second thought; an approved one is a 409 with `current_status`. A moderator cannot moderate their own review (403). The body is an empty object (or none). Audited.",
      tags: ["reviews"],
      responses: { 200: reviewModeratedSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, requestId }) => {
    const review = await moderateReview(principal, params.id, "approved", null, requestMeta(req.headers, requestId));
    return jsonResponse({ detail: "Review approved successfully.", review } satisfies z.input<typeof reviewModeratedSchema>);
  },
);
