import { messageResponse } from "@/lib/auth/responses";
import { revokePasskey } from "@/lib/auth/webauthn/manage-passkeys";
import { revokePasskeySchema } from "@/lib/auth/webauthn/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/webauthn/revoke/ — remove one of the caller's passkeys by its id (signed in within 10 minutes)
export const POST = withApi(
  {
    body: revokePasskeySchema,
    doc: {
      summary: "Remove a passkey",
      description:
        "`credential_id` is the passkey's `id` from GET /api/auth/webauthn/credentials/. Someone else's passkey is a 404. An account without a password cannot remove its last passkey (409). Needs a sign-in from the last 10 minutes (403 `reauthentication_required` otherwise). Audited.",
      tags: ["passkeys"],
      responses: { 200: messageResponse },
      errors: [404, 409],
    },
  },
  async ({ req, principal, body, requestId }) => {
    await revokePasskey(principal, body.credential_id, requestMeta(req.headers, requestId));
    return jsonResponse({ message: "Credential revoked successfully." });
  },
);
