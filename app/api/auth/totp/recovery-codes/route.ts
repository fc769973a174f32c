import { totpCodeSchema } from "@/lib/auth/schemas";
import { regenerateRecoveryCodes } from "@/lib/auth/second-factor";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/totp/recovery-codes/ — `{code}` (a current TOTP code) → a new set of 10; the old ones stop working
export const POST = withApi({ body: totpCodeSchema }, async ({ req, principal, body, requestId }) => {
  const codes = await regenerateRecoveryCodes(principal.userId, body.code, requestMeta(req.headers, requestId));
  return jsonResponse({ message: "New recovery codes generated; the previous ones no longer work.", recovery_codes: codes });
});
