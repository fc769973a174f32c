import { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { markHelpful, unmarkHelpful } from "@/lib/reviews/helpful-vote";
import { reviewIdParams } from "@/lib/reviews/schemas";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/reviews/{id}/mark_helpful/ — one helpful vote per user on someone else's approved review
export const POST = withApi({ permission: "reviews:write", params: reviewIdParams, body: z.strictObject({}) }, async ({ req, principal, params, requestId }) => {
  return jsonResponse(await markHelpful(principal, params.id, requestMeta(req.headers, requestId)));
});

// DELETE /api/reviews/{id}/mark_helpful/ — take one's helpful vote back
export const DELETE = withApi({ permission: "reviews:write", params: reviewIdParams }, async ({ req, principal, params, requestId }) => {
  return jsonResponse(await unmarkHelpful(principal, params.id, requestMeta(req.headers, requestId)));
});
