import { changePassword } from "@/lib/auth/account";
import { passwordChangeSchema } from "@/lib/auth/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/password/change/ — new password after the current one; every other session is signed out
export const POST = withApi({ body: passwordChangeSchema }, async ({ req, principal, body, requestId }) => {
  const revoked = await changePassword(principal.userId, principal.sessionId, body, requestMeta(req.headers, requestId));
  return jsonResponse({ detail: "Password changed.", revoked_sessions: revoked });
});
