import { listFiles } from "@/lib/files/queries";
import { fileListQuery } from "@/lib/files/schemas";
import { serializeFile } from "@/lib/files/serializers";
import { uploadFile } from "@/lib/files/upload-file";
import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/files/ — the files the caller may see (admins all; users own + public released; anonymous public released)
export const GET = withApi({ auth: "public", query: fileListQuery }, async ({ principal, query, url }) => {
  const { count, rows } = await listFiles(principal, query);
  return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map((r) => serializeFile(r, principal))));
});

// POST /api/files/ — upload one file (multipart: file, file_type, description?, is_public?); stored quarantined
export const POST = withApi({ permission: "files:upload" }, async ({ req, principal, requestId }) => {
  const file = await uploadFile(principal, req, requestMeta(req.headers, requestId));
  return jsonResponse(file, { status: 201, headers: { location: `/api/files/${file.id}/` } });
});
