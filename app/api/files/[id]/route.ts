import { deleteFile } from "@/lib/files/delete-file";
import { getFileOrThrow } from "@/lib/files/queries";
import { fileIdParams, patchFileSchema, putFileSchema } from "@/lib/files/schemas";
import { fileSchema, serializeFile } from "@/lib/files/serializers";
import { updateFile } from "@/lib/files/update-file";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { detailResponse } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";

const CHANGE_RULES =
  "Its uploader or an admin; anyone else who can see the file (a public released one) gets a 403, a file the caller cannot see is a 404. Type, MIME type, size, hash and status are decided by the server: sending them is a 400 that says so. Audited and written to the file access log.";

// GET /api/files/{id}/ — one file the caller may see (someone else's private file is a 404)
export const GET = withApi(
  {
    auth: "public",
    keyScopes: ["files:upload", "files:manage"],
    params: fileIdParams,
    doc: {
      summary: "Get a file's record",
      description: "A public released file for everyone; any other only for its uploader and admins (404 for others). The bytes are at `file_url`.",
      tags: ["files"],
      responses: { 200: fileSchema },
      errors: [404],
    },
  },
  async ({ principal, params }) => {
    return jsonResponse(serializeFile(await getFileOrThrow(principal, params.id), principal));
  },
);

// PATCH /api/files/{id}/ — owner or admin changes description and/or is_public; type, MIME, size, hash are read-only
export const PATCH = withApi(
  {
    permission: "files:upload",
    params: fileIdParams,
    body: patchFileSchema,
    doc: {
      summary: "Update a file's description or visibility",
      description: `Send \`description\` and/or \`is_public\`. ${CHANGE_RULES}`,
      tags: ["files"],
      responses: { 200: fileSchema },
      errors: [404],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    return jsonResponse(await updateFile(principal, params.id, body, requestMeta(req.headers, requestId)));
  },
);

// PUT /api/files/{id}/ — owner or admin sets both description and is_public
export const PUT = withApi(
  {
    permission: "files:upload",
    params: fileIdParams,
    body: putFileSchema,
    doc: {
      summary: "Replace a file's description and visibility",
      description: `Both \`description\` and \`is_public\` are required. ${CHANGE_RULES}`,
      tags: ["files"],
      responses: { 200: fileSchema },
      errors: [404],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    return jsonResponse(await updateFile(principal, params.id, body, requestMeta(req.headers, requestId)));
  },
);

// DELETE /api/files/{id}/ — owner or admin deletes the file and its stored bytes; the access log stays
export const DELETE = withApi(
  {
    permission: "files:upload",
    params: fileIdParams,
    doc: {
      summary: "Delete a file",
      description:
        "Deletes the record and then the stored bytes. Its uploader or an admin; anyone else who can see the file gets a 403, a file the caller cannot see is a 404. Audited; the file access log keeps its rows.",
      tags: ["files"],
      responses: { 200: detailResponse },
      errors: [404],
    },
  },
  async ({ req, principal, params, requestId }) => {
    await deleteFile(principal, params.id, requestMeta(req.headers, requestId));
    return jsonResponse({ detail: "File deleted successfully." });
  },
);
