import { issueApiTokens } from "@/lib/auth/api-tokens";
import { authenticatePassword, INVALID_CREDENTIALS } from "@/lib/auth/authenticate";
import { rolesOfUser } from "@/lib/auth/roles";
import { loginSchema } from "@/lib/auth/schemas";
import { serializeUser } from "@/lib/auth/serializers";
import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/login/ — sign in with email and password: `{message, user, tokens, mfa_required}`
export const POST = withApi({ auth: "public", body: loginSchema }, async ({ req, body, requestId }) => {
  const outcome = await authenticatePassword({ ...body, door: "api_login", meta: requestMeta(req.headers, requestId) });
  if (!outcome.ok && outcome.reason === "mfa_required") {
    // the second step arrives with the second-factor issue; until then no token is issued to an MFA account
    return jsonResponse({ message: "MFA verification required.", mfa_required: true }, { status: 200 });
  }
  if (!outcome.ok) throw new ApiError("unauthenticated", INVALID_CREDENTIALS);
  const tokens = await issueApiTokens(outcome.session, outcome.access.roles);
  const user = serializeUser(outcome.access.user, await rolesOfUser(outcome.access.user.id));
  return jsonResponse({ message: "Login successful.", user, tokens, mfa_required: false });
});
