import { finishPasskeyRegistration } from "@/lib/auth/webauthn/register-passkey";
import { registerCompleteSchema } from "@/lib/auth/webauthn/schemas";
import { serializePasskey } from "@/lib/auth/webauthn/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/webauthn/register/complete/ — verify the authenticator's answer and store the passkey
export const POST = withApi({ body: registerCompleteSchema }, async ({ req, principal, body, requestId }) => {
  const row = await finishPasskeyRegistration(
    principal,
    { challengeId: body.challenge_id, credential: body.credential, name: body.name },
    requestMeta(req.headers, requestId),
  );
  return jsonResponse(
    { message: "Passkey registered successfully.", credential: serializePasskey(row) },
    { status: 201 },
  );
});
