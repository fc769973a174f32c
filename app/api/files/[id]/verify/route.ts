import { reviewFile } from "@/lib/files/review-file";
import { fileIdParams, verifyFileSchema } from "@/lib/files/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/files/{id}/verify/ — admin releases (after re-hashing the stored bytes) or rejects a file
export const POST = withApi({ permission: "files:manage", params: fileIdParams, body: verifyFileSchema }, async ({ req, principal, params, body, requestId }) => {
  return jsonResponse(await reviewFile(principal, params.id, body, requestMeta(req.headers, requestId)));
});
