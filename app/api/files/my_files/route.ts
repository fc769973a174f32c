import { z } from "zod";
import { listMyFiles } from "@/lib/files/queries";
import { MY_FILES_LIMIT } from "@/lib/files/schemas";
import { fileSchema, serializeFile } from "@/lib/files/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";

// GET /api/files/my_files/ — the caller's own files, newest first: a plain list as the original, capped at 500
export const GET = withApi(
  {
    keyScopes: ["files:upload", "files:manage"],
    doc: {
      summary: "List your own files",
      description: `The caller's own files in any state, newest first: a plain array (not paginated, as the original), at most the ${MY_FILES_LIMIT} newest.`,
      tags: ["files"],
      responses: { 200: z.array(fileSchema).max(MY_FILES_LIMIT) },
    },
  },
  async ({ principal }) => {
    return jsonResponse((await listMyFiles(principal)).map((r) => serializeFile(r, principal)));
  },
);
