import type { z } from "zod";
import { passkeyRegistrationStartedSchema } from "@/lib/auth/responses";
import { startPasskeyRegistration } from "@/lib/auth/webauthn/register-passkey";
import { registerStartSchema } from "@/lib/auth/webauthn/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/webauthn/register/start/ — creation options for a new passkey (signed in within 10 minutes)
export const POST = withApi(
  {
    body: registerStartSchema,
    doc: {
      summary: "Start registering a passkey",
      description:
        "Send `{}` (or no body). Returns the options for navigator.credentials.create() (user verification required, your existing passkeys excluded) and a `challenge_id` (single use, 5 minutes) for POST /api/auth/webauthn/register/complete/. Needs a sign-in from the last 10 minutes: otherwise 403 with `reauthentication_required: true`. Audited.",
      tags: ["passkeys"],
      responses: { 200: passkeyRegistrationStartedSchema },
    },
  },
  async ({ req, principal, requestId }) => {
    const { options, challengeId } = await startPasskeyRegistration(principal, requestMeta(req.headers, requestId));
    return jsonResponse({ message: "Passkey registration started.", options, challenge_id: challengeId } satisfies z.input<typeof passkeyRegistrationStartedSchema>);
  },
);
