import { passkeySchema } from "@/lib/auth/responses";
import { renamePasskey } from "@/lib/auth/webauthn/manage-passkeys";
import { passkeyIdParams, renamePasskeySchema } from "@/lib/auth/webauthn/schemas";
import { serializePasskey } from "@/lib/auth/webauthn/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// PATCH /api/auth/webauthn/credentials/{id}/ — rename one of the caller's passkeys (someone else's is a 404)
export const PATCH = withApi(
  {
    params: passkeyIdParams,
    body: renamePasskeySchema,
    doc: {
      summary: "Rename a passkey",
      description: "Changes the label of one of your passkeys (1–100 characters). Someone else's passkey is a 404. Audited.",
      tags: ["passkeys"],
      responses: { 200: passkeySchema },
      errors: [404],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    const row = await renamePasskey(principal, params.id, body.name, requestMeta(req.headers, requestId));
    return jsonResponse(serializePasskey(row));
  },
);
