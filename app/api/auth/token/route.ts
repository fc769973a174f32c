import { issueApiTokens } from "@/lib/auth/api-tokens";
import { authenticateLogin, INVALID_CREDENTIALS } from "@/lib/auth/authenticate";
import { tokenPairSchema } from "@/lib/auth/responses";
import { tokenObtainSchema } from "@/lib/auth/schemas";
import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/token/ — SimpleJWT-compatible `{access, refresh}` from `{email, password, totp_code?}`, through
// the same lockout and MFA rules as login
export const POST = withApi(
  {
    auth: "public",
    body: tokenObtainSchema,
    doc: {
      summary: "Obtain an access and refresh token",
      description:
        "SimpleJWT-compatible: `{email, password}` (plus `totp_code` when two-factor authentication is on) → `{access, refresh}`. The same lockout, MFA and audit rules as POST /api/auth/login/. A missing second factor is a 401 with `mfa_required: true`; every other failure is the same 401 (`Invalid credentials.`).",
      tags: ["auth"],
      responses: { 200: tokenPairSchema },
    },
  },
  async ({ req, body, requestId }) => {
    const outcome = await authenticateLogin(body, "api_token", requestMeta(req.headers, requestId));
    if (!outcome.ok && outcome.reason === "mfa_required") {
      throw new ApiError("unauthenticated", "This account requires a second factor: send totp_code, or sign in with POST /api/auth/login/.", {
        extensions: { mfa_required: true },
      });
    }
    if (!outcome.ok) throw new ApiError("unauthenticated", INVALID_CREDENTIALS);
    return jsonResponse(await issueApiTokens(outcome.session, outcome.access.roles));
  },
);
