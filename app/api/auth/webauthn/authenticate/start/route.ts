import type { z } from "zod";
import { passkeySignInStartedSchema } from "@/lib/auth/responses";
import { authenticateStartSchema } from "@/lib/auth/webauthn/schemas";
import { startPasskeySignIn } from "@/lib/auth/webauthn/sign-in-with-passkey";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/webauthn/authenticate/start/ — request options, usernameless or for `{email}` (same shape either way)
export const POST = withApi(
  {
    auth: "public",
    body: authenticateStartSchema,
    doc: {
      summary: "Start a passkey sign-in",
      description:
        "Send `{}` for a usernameless sign-in (a discoverable passkey; `allowCredentials` empty) or `{email}` to list that account's passkeys. The answer has the same shape whether or not the account exists or has passkeys. Returns the options for navigator.credentials.get() and a `challenge_id` (single use, 5 minutes) for POST /api/auth/webauthn/authenticate/complete/. Audited.",
      tags: ["passkeys"],
      responses: { 200: passkeySignInStartedSchema },
    },
  },
  async ({ req, body, requestId }) => {
    const { options, challengeId } = await startPasskeySignIn(body, requestMeta(req.headers, requestId));
    return jsonResponse({ message: "Passkey sign-in started.", options, challenge_id: challengeId } satisfies z.input<typeof passkeySignInStartedSchema>);
  },
);
