import { resendVerification } from "@/lib/auth/account";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { detailResponse } from "@/lib/openapi/doc";

// POST /api/auth/verify-email/resend/ — mail a fresh verification link to the signed-in, unverified user
export const POST = withApi(
  {
    doc: {
      summary: "Resend the email confirmation link",
      description: "Mails a new confirmation link (48 hours) to your address unless it is already confirmed; `detail` says which.",
      tags: ["auth"],
      responses: { 200: detailResponse },
    },
  },
  async ({ principal }) => {
    await resendVerification(principal.userId);
    return jsonResponse({ detail: principal.isVerified ? "Your email is already verified." : "A new verification link has been sent." });
  },
);
