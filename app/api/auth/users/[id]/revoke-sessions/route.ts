import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { userIdParams } from "@/lib/users/schemas";
import { revokeAllSessions } from "@/lib/users/service";

// POST /api/auth/users/{id}/revoke-sessions/ — sign a user out everywhere (admin; their own current session is kept)
export const POST = withApi({ permission: "users:manage", params: userIdParams }, async ({ principal, params, req, requestId }) => {
  const revoked = await revokeAllSessions(principal, params.id, requestMeta(req.headers, requestId));
  return jsonResponse({ detail: revoked === 1 ? "1 session revoked." : `${revoked} sessions revoked.`, revoked });
});
