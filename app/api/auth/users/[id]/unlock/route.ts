import type { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { userUnlockedSchema } from "@/lib/users/responses";
import { userIdParams } from "@/lib/users/schemas";
import { serializeAdminUser } from "@/lib/users/serializers";
import { unlockUser } from "@/lib/users/service";

// POST /api/auth/users/{id}/unlock/ — lift the account lock and forget failed sign-ins (admin)
export const POST = withApi(
  {
    permission: "users:manage",
    params: userIdParams,
    doc: {
      summary: "Unlock a user's account",
      description: "Lifts the account lockout and resets the failed sign-in count (an IP lockout is not affected). Audited.",
      tags: ["users"],
      responses: { 200: userUnlockedSchema },
      errors: [404],
    },
  },
  async ({ principal, params, req, requestId }) => {
    const user = await unlockUser(principal, params.id, requestMeta(req.headers, requestId));
    return jsonResponse({ detail: "Account unlocked.", user: serializeAdminUser(user) } satisfies z.input<typeof userUnlockedSchema>);
  },
);
