import type { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { sessionsRevokedSchema } from "@/lib/users/responses";
import { userIdParams } from "@/lib/users/schemas";
import { revokeAllSessions } from "@/lib/users/service";

// POST /api/auth/users/{id}/revoke-sessions/ — sign a user out everywhere (admin; their own current session is kept)
export const POST = withApi(
  {
    permission: "users:manage",
    params: userIdParams,
    doc: {
      summary: "Sign a user out everywhere",
      description:
        "Revokes every live session of the user: their tokens and cookies stop working at once. Aimed at yourself, the session you are using is kept. Audited.",
      tags: ["users"],
      responses: { 200: sessionsRevokedSchema },
      errors: [404],
    },
  },
  async ({ principal, params, req, requestId }) => {
    const revoked = await revokeAllSessions(principal, params.id, requestMeta(req.headers, requestId));
    return jsonResponse({ detail: revoked === 1 ? "1 session revoked." : `${revoked} sessions revoked.`, revoked } satisfies z.input<typeof sessionsRevokedSchema>);
  },
);
