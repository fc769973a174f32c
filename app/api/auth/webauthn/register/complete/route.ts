import type { z } from "zod";
import { passkeyRegisteredSchema } from "@/lib/auth/responses";
import { finishPasskeyRegistration } from "@/lib/auth/webauthn/register-passkey";
import { registerCompleteSchema } from "@/lib/auth/webauthn/schemas";
import { serializePasskey } from "@/lib/auth/webauthn/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/webauthn/register/complete/ — verify the authenticator's answer and store the passkey
export const POST = withApi(
  {
    body: registerCompleteSchema,
    doc: {
      summary: "Finish registering a passkey",
      description:
        "`credential` is the authenticator's answer (RegistrationResponseJSON, e.g. from @simplewebauthn/browser's startRegistration()) to the options of the start call, `challenge_id` that call's id, `name` an optional label. The challenge is spent by the attempt. Any verification failure (challenge, origin, RP ID, user verification, attestation) is the same 400; a passkey already registered is a 409. Needs a sign-in from the last 10 minutes (403 `reauthentication_required` otherwise). Audited.",
      tags: ["passkeys"],
      responses: { 201: passkeyRegisteredSchema },
      errors: [409],
    },
  },
  async ({ req, principal, body, requestId }) => {
    const row = await finishPasskeyRegistration(
      principal,
      { challengeId: body.challenge_id, credential: body.credential, name: body.name },
      requestMeta(req.headers, requestId),
    );
    return jsonResponse(
      { message: "Passkey registered successfully.", credential: serializePasskey(row) } satisfies z.input<typeof passkeyRegisteredSchema>,
      { status: 201 },
    );
  },
);
