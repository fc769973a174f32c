import { listPasskeys } from "@/lib/auth/webauthn/queries";
import { serializePasskey } from "@/lib/auth/webauthn/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";

// GET /api/auth/webauthn/credentials/ — the caller's passkeys, newest first: `{credentials: [...]}`
export const GET = withApi({}, async ({ principal }) => {
  return jsonResponse({ credentials: (await listPasskeys(principal.userId)).map(serializePasskey) });
});
