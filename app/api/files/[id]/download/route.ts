import { z } from "zod";
import { downloadFile } from "@/lib/files/download";
import { fileIdParams } from "@/lib/files/schemas";
import { boolParam } from "@/lib/http/query-params";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

const downloadQuery = z.strictObject({ download: boolParam.optional() });

// GET /api/files/{id}/download/ — the bytes, to the owner, an admin, or anyone for a public released file; audited
export const GET = withApi({ auth: "public", params: fileIdParams, query: downloadQuery }, async ({ req, principal, params, query, requestId }) => {
  return downloadFile(principal, params.id, requestMeta(req.headers, requestId), query.download === true);
});
