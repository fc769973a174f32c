import { z } from "zod";
import { downloadFile } from "@/lib/files/download";
import { fileIdParams } from "@/lib/files/schemas";
import { boolParam } from "@/lib/http/query-params";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

const downloadQuery = z.strictObject({ download: boolParam.optional() });

// GET /api/files/{id}/download/ — the bytes, to the owner, an admin, or anyone for a public released file; audited
export const GET = withApi(
  {
    auth: "public",
    keyScopes: ["files:upload", "files:manage"],
    params: fileIdParams,
    query: downloadQuery,
    doc: {
      summary: "Download a file",
      description: [
        "The stored bytes, with the file's detected MIME type as `Content-Type`. Anyone may download a public released file; any other only its uploader and admins (404 for others). A rejected file is kept for review only: its uploader gets a 403, admins still get the bytes.",
        "Sent as an attachment, except released images, which are `inline` unless `download=true`; always with `X-Content-Type-Options: nosniff` and a sandboxing `Content-Security-Policy`. A stored object that no longer matches its record is a 409 (an admin must verify it). Every attempt, allowed or refused, is audited and written to the file access log.",
      ].join("\n\n"),
      tags: ["files"],
      responses: { 200: { contentType: "*/*", description: "The file's bytes, as its `mime_type`", binary: true } },
      responseHeaders: { 200: ["Content-Disposition"] },
      errors: [403, 404, 409],
    },
  },
  async ({ req, principal, params, query, requestId }) => {
    return downloadFile(principal, params.id, requestMeta(req.headers, requestId), query.download === true);
  },
);
