import { confirmPasswordReset } from "@/lib/auth/account";
import { passwordResetConfirmSchema } from "@/lib/auth/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/password/reset/confirm/ — set a new password from a reset link; signs out every session
export const POST = withApi({ auth: "public", body: passwordResetConfirmSchema }, async ({ req, body, requestId }) => {
  await confirmPasswordReset(body, requestMeta(req.headers, requestId));
  return jsonResponse({ detail: "Password has been reset." });
});
