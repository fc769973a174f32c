import { requestPasswordReset } from "@/lib/auth/account";
import { passwordResetSchema } from "@/lib/auth/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { detailResponse } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/password/reset/ — mail a 30-minute reset link; the same answer whether or not the account exists
export const POST = withApi(
  {
    auth: "public",
    body: passwordResetSchema,
    doc: {
      summary: "Request a password reset link",
      description:
        "Mails a single-use link, valid 30 minutes, if an active account has this email. The answer (and its timing) is the same whether or not it does. Audited.",
      tags: ["auth"],
      responses: { 200: detailResponse },
    },
  },
  async ({ req, body, requestId }) => {
    await requestPasswordReset(body.email, requestMeta(req.headers, requestId));
    return jsonResponse({ detail: "If an account exists for this email, a reset link has been sent." });
  },
);
