import { db } from "@/db/client";
import { sessionIdSchema } from "@/lib/auth/schemas";
import { revokeSession } from "@/lib/auth/sessions";
import { audit } from "@/lib/audit/write";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// DELETE /api/auth/sessions/{id}/ — revoke one of the caller's own sessions (someone else's is a 404)
export const DELETE = withApi(
  {
    params: sessionIdSchema,
    doc: {
      summary: "Revoke one of your sessions",
      description:
        "Signs that session out at once (its tokens or cookie stop working); it may be the current one. Someone else's session, or one already revoked, is a 404. Audited.",
      tags: ["account"],
      responses: { 204: null },
      errors: [404],
    },
  },
  async ({ req, principal, params, requestId }) => {
    const revoked = await revokeSession(db(), params.id, "revoked_by_user", principal.userId);
    if (!revoked) throw new ApiError("not_found", "Not found.");
    await audit({ action: "SESSION_REVOKED", targetType: "SESSION", targetId: params.id, result: "SUCCESS", actorUserId: principal.userId, meta: requestMeta(req.headers, requestId) });
    return new Response(null, { status: 204 });
  },
);
