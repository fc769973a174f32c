import type { z } from "zod";
import { issueApiTokens } from "@/lib/auth/api-tokens";
import { authenticateLogin, INVALID_CREDENTIALS } from "@/lib/auth/authenticate";
import { loginResponseSchema } from "@/lib/auth/responses";
import { rolesOfUser } from "@/lib/auth/roles";
import { loginSchema } from "@/lib/auth/schemas";
import { serializeUser } from "@/lib/auth/serializers";
import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

type LoginResponse = z.input<typeof loginResponseSchema>;

// POST /api/auth/login/ — sign in: `{email, password}`, `{email, password, totp_code}` or the second step
// `{mfa_token, totp_code | recovery_code}` → `{message, user, tokens, mfa_required}`
export const POST = withApi(
  {
    auth: "public",
    body: loginSchema,
    doc: {
      summary: "Sign in",
      description: [
        "Send one of:",
        "- `{email, password}`: with two-factor authentication on, the answer is `{mfa_required: true, mfa_token}` and nothing else;",
        "- `{mfa_token, totp_code}` or `{mfa_token, recovery_code}`: the second step (the `mfa_token` is spent by the attempt, right or wrong);",
        "- `{email, password, totp_code}`: both steps at once.",
        "",
        "Success: `{mfa_required: false, user, tokens}` and a new API session. Every failure is the same 401 (`Invalid credentials.`), whether the email is unknown, the password or code wrong, or the account or IP locked; failures count towards the account and IP lockouts. Audited.",
      ].join("\n"),
      tags: ["auth"],
      responses: { 200: loginResponseSchema },
    },
  },
  async ({ req, body, requestId }) => {
    const outcome = await authenticateLogin(body, "api_login", requestMeta(req.headers, requestId));
    if (!outcome.ok && outcome.reason === "mfa_required") {
      // no tokens and no user data on the password alone: only the single-use, 5-minute proof of the password step
      return jsonResponse({ message: "MFA verification required.", mfa_required: true, mfa_token: outcome.mfaToken! } satisfies LoginResponse, { status: 200 });
    }
    if (!outcome.ok) throw new ApiError("unauthenticated", INVALID_CREDENTIALS);
    const tokens = await issueApiTokens(outcome.session, outcome.access.roles);
    const user = serializeUser(outcome.access.user, await rolesOfUser(outcome.access.user.id));
    return jsonResponse({ message: "Login successful.", user, tokens, mfa_required: false } satisfies LoginResponse);
  },
);
