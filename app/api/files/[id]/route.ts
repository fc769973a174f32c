import { deleteFile } from "@/lib/files/delete-file";
import { getFileOrThrow } from "@/lib/files/queries";
import { fileIdParams, patchFileSchema, putFileSchema } from "@/lib/files/schemas";
import { serializeFile } from "@/lib/files/serializers";
import { updateFile } from "@/lib/files/update-file";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/files/{id}/ — one file the caller may see (someone else's private file is a 404)
export const GET = withApi({ auth: "public", params: fileIdParams }, async ({ principal, params }) => {
  return jsonResponse(serializeFile(await getFileOrThrow(principal, params.id), principal));
});

// PATCH /api/files/{id}/ — owner or admin changes description and/or is_public; type, MIME, size, hash are read-only
export const PATCH = withApi({ permission: "files:upload", params: fileIdParams, body: patchFileSchema }, async ({ req, principal, params, body, requestId }) => {
  return jsonResponse(await updateFile(principal, params.id, body, requestMeta(req.headers, requestId)));
});

// PUT /api/files/{id}/ — owner or admin sets both description and is_public
export const PUT = withApi({ permission: "files:upload", params: fileIdParams, body: putFileSchema }, async ({ req, principal, params, body, requestId }) => {
  return jsonResponse(await updateFile(principal, params.id, body, requestMeta(req.headers, requestId)));
});

// DELETE /api/files/{id}/ — owner or admin deletes the file and its stored bytes; the access log stays
export const DELETE = withApi({ permission: "files:upload", params: fileIdParams }, async ({ req, principal, params, requestId }) => {
  await deleteFile(principal, params.id, requestMeta(req.headers, requestId));
  return jsonResponse({ detail: "File deleted successfully." });
});
