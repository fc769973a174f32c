import type { z } from "zod";
import { reviewFile } from "@/lib/files/review-file";
import { fileIdParams, verifyFileSchema } from "@/lib/files/schemas";
import { fileReviewedSchema } from "@/lib/files/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/files/{id}/verify/ — admin releases (after re-hashing the stored bytes) or rejects a file
export const POST = withApi(
  {
    permission: "files:manage",
    params: fileIdParams,
    body: verifyFileSchema,
    doc: {
      summary: "Release or reject a file",
      description:
        "`action` is `release` (the default) or `reject`, with an optional `reason`. A release first re-hashes the stored bytes: a missing or altered object, a file the virus scanner found infected, or one whose scan has not finished is refused with a 409 (with `current_status`) and stays unreleased. A rejected file can no longer be downloaded by its uploader. Records the reviewer and the time; audited and written to the file access log, refusals included.",
      tags: ["files"],
      responses: { 200: fileReviewedSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    const reviewed: z.input<typeof fileReviewedSchema> = await reviewFile(principal, params.id, body, requestMeta(req.headers, requestId));
    return jsonResponse(reviewed);
  },
);
