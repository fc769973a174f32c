import { authenticateStartSchema } from "@/lib/auth/webauthn/schemas";
import { startPasskeySignIn } from "@/lib/auth/webauthn/sign-in-with-passkey";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/webauthn/authenticate/start/ — request options, usernameless or for `{email}` (same shape either way)
export const POST = withApi(
  { auth: "public", body: authenticateStartSchema },
  async ({ req, body, requestId }) => {
    const { options, challengeId } = await startPasskeySignIn(body, requestMeta(req.headers, requestId));
    return jsonResponse({ message: "Passkey sign-in started.", options, challenge_id: challengeId });
  },
);
