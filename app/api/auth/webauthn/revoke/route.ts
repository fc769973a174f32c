import { revokePasskey } from "@/lib/auth/webauthn/manage-passkeys";
import { revokePasskeySchema } from "@/lib/auth/webauthn/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/webauthn/revoke/ — remove one of the caller's passkeys by its id (signed in within 10 minutes)
export const POST = withApi({ body: revokePasskeySchema }, async ({ req, principal, body, requestId }) => {
  await revokePasskey(principal, body.credential_id, requestMeta(req.headers, requestId));
  return jsonResponse({ message: "Credential revoked successfully." });
});
