import { issueApiTokens } from "@/lib/auth/api-tokens";
import { authenticateLogin, INVALID_CREDENTIALS } from "@/lib/auth/authenticate";
import { rolesOfUser } from "@/lib/auth/roles";
import { loginSchema } from "@/lib/auth/schemas";
import { serializeUser } from "@/lib/auth/serializers";
import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/login/ — sign in: `{email, password}`, `{email, password, totp_code}` or the second step
// `{mfa_token, totp_code | recovery_code}` → `{message, user, tokens, mfa_required}`
export const POST = withApi({ auth: "public", body: loginSchema }, async ({ req, body, requestId }) => {
  const outcome = await authenticateLogin(body, "api_login", requestMeta(req.headers, requestId));
  if (!outcome.ok && outcome.reason === "mfa_required") {
    // no tokens and no user data on the password alone: only the single-use, 5-minute proof of the password step
    return jsonResponse({ message: "MFA verification required.", mfa_required: true, mfa_token: outcome.mfaToken }, { status: 200 });
  }
  if (!outcome.ok) throw new ApiError("unauthenticated", INVALID_CREDENTIALS);
  const tokens = await issueApiTokens(outcome.session, outcome.access.roles);
  const user = serializeUser(outcome.access.user, await rolesOfUser(outcome.access.user.id));
  return jsonResponse({ message: "Login successful.", user, tokens, mfa_required: false });
});
