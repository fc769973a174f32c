import { listFiles } from "@/lib/files/queries";
import { fileListQuery } from "@/lib/files/schemas";
import { fileSchema, serializeFile } from "@/lib/files/serializers";
import { uploadFile } from "@/lib/files/upload-file";
import { UPLOAD_REQUEST_CAP } from "@/lib/files/validate/rules";
import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { paginated } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/files/ — the files the caller may see (admins all; users own + public released; anonymous public released)
export const GET = withApi(
  {
    auth: "public",
    keyScopes: ["files:upload", "files:manage"],
    query: fileListQuery,
    doc: {
      summary: "List files",
      description:
        "Newest first. Public released files for everyone, plus the caller's own in any state; admins (`files:manage`) see every file. Only admins may filter by `uploaded_by` (400 otherwise).",
      tags: ["files"],
      responses: { 200: paginated(fileSchema) },
      errors: [404],
    },
  },
  async ({ principal, query, url }) => {
    const { count, rows } = await listFiles(principal, query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map((r) => serializeFile(r, principal))));
  },
);

// POST /api/files/ — upload one file (multipart: file, file_type, description?, is_public?); stored quarantined
export const POST = withApi(
  {
    permission: "files:upload",
    doc: {
      summary: "Upload a file",
      description: [
        "A `multipart/form-data` body with one `file` part and the text fields `file_type` (`image`, `product_image`, `avatar` or `document`), `description` (optional, at most 1000 characters) and `is_public` (optional, `true`/`false`).",
        `The type is detected from the bytes and must be allowed for \`file_type\` and match the file name's extension (415 otherwise); a file too large for its category, or a request over ${UPLOAD_REQUEST_CAP} bytes, is a 413; an empty file, active content (scripts, PDF JavaScript, Office macros) or an image that does not decode is a 400 with the message under \`errors.file\`. Images are re-encoded without their metadata.`,
        "The file is stored under a random name and starts `quarantined`: with a virus scanner configured it is released or rejected at once, otherwise it waits for an admin (POST /api/files/{id}/verify/). Audited, refusals included.",
      ].join("\n\n"),
      tags: ["files"],
      requestBody: {
        contentType: "multipart/form-data",
        description: "`file` (the file part), `file_type`, and optionally `description` and `is_public`.",
        required: true,
      },
      responses: { 201: fileSchema },
      responseHeaders: { 201: ["Location"] },
      errors: [400, 413, 415],
    },
  },
  async ({ req, principal, requestId }) => {
    const file = await uploadFile(principal, req, requestMeta(req.headers, requestId));
    return jsonResponse(file, { status: 201, headers: { location: `/api/files/${file.id}/` } });
  },
);
