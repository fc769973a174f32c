import { confirmPasswordReset } from "@/lib/auth/account";
import { passwordResetConfirmSchema } from "@/lib/auth/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { detailResponse } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/password/reset/confirm/ — set a new password from a reset link; signs out every session
export const POST = withApi(
  {
    auth: "public",
    body: passwordResetConfirmSchema,
    doc: {
      summary: "Set a new password from a reset link",
      description:
        "`token` is the one from the mailed link (single use, 30 minutes); an invalid, used or expired one is a 400 on `token`. The new password must pass the password policy. Signs out every session of the account and lifts an account lockout. Audited.",
      tags: ["auth"],
      responses: { 200: detailResponse },
    },
  },
  async ({ req, body, requestId }) => {
    await confirmPasswordReset(body, requestMeta(req.headers, requestId));
    return jsonResponse({ detail: "Password has been reset." });
  },
);
