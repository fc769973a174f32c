import { registerStartSchema } from "@/lib/auth/webauthn/schemas";
import { startPasskeyRegistration } from "@/lib/auth/webauthn/register-passkey";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/webauthn/register/start/ — creation options for a new passkey (signed in within 10 minutes)
export const POST = withApi({ body: registerStartSchema }, async ({ req, principal, requestId }) => {
  const { options, challengeId } = await startPasskeyRegistration(
    principal,
    requestMeta(req.headers, requestId),
  );
  return jsonResponse({ message: "Passkey registration started.", options, challenge_id: challengeId });
});
