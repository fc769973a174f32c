import { resendVerification } from "@/lib/auth/account";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";

// POST /api/auth/verify-email/resend/ — mail a fresh verification link to the signed-in, unverified user
export const POST = withApi({}, async ({ principal }) => {
  await resendVerification(principal.userId);
  return jsonResponse({ detail: principal.isVerified ? "Your email is already verified." : "A new verification link has been sent." });
});
