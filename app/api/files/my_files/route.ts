import { listMyFiles } from "@/lib/files/queries";
import { serializeFile } from "@/lib/files/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";

// GET /api/files/my_files/ — the caller's own files, newest first: a plain list as the original, capped at 500
export const GET = withApi({}, async ({ principal }) => {
  return jsonResponse((await listMyFiles(principal)).map((r) => serializeFile(r, principal)));
});
