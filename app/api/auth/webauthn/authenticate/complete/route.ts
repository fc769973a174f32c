import type { z } from "zod";
import { issueApiTokens } from "@/lib/auth/api-tokens";
import { signedInSchema } from "@/lib/auth/responses";
import { rolesOfUser } from "@/lib/auth/roles";
import { serializeUser } from "@/lib/auth/serializers";
import { authenticateCompleteSchema } from "@/lib/auth/webauthn/schemas";
import { finishPasskeySignIn, PASSKEY_SIGN_IN_FAILED } from "@/lib/auth/webauthn/sign-in-with-passkey";
import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/webauthn/authenticate/complete/ — verify the assertion and sign in: `{message, user, tokens}`
export const POST = withApi(
  {
    auth: "public",
    body: authenticateCompleteSchema,
    doc: {
      summary: "Finish a passkey sign-in",
      description:
        "`credential` is the authenticator's assertion (AuthenticationResponseJSON, e.g. from @simplewebauthn/browser's startAuthentication()), `challenge_id` the start call's id (spent by the attempt). A verified passkey is a complete multi-factor sign-in: the answer carries the user and a token pair, with no further second factor. Every failure (challenge, unknown or foreign passkey, signature, user verification, counter regression, inactive account, locked IP) is the same 401 and counts towards the IP lockout. Audited.",
      tags: ["passkeys"],
      responses: { 200: signedInSchema },
    },
  },
  async ({ req, body, requestId }) => {
    const outcome = await finishPasskeySignIn(
      { challengeId: body.challenge_id, credential: body.credential, kind: "api" },
      requestMeta(req.headers, requestId),
    );
    if (!outcome.ok) throw new ApiError("unauthenticated", PASSKEY_SIGN_IN_FAILED);
    const tokens = await issueApiTokens(outcome.session, outcome.access.roles);
    const user = serializeUser(outcome.access.user, await rolesOfUser(outcome.access.user.id));
    return jsonResponse({ message: "Passkey sign-in successful.", user, tokens } satisfies z.input<typeof signedInSchema>);
  },
);
