import { totpCodeSchema } from "@/lib/auth/schemas";
import { enableTotp } from "@/lib/auth/second-factor";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/totp/verify/ — `{code}` confirms the pending secret: MFA on, 10 recovery codes shown this once
export const POST = withApi({ body: totpCodeSchema }, async ({ req, principal, body, requestId }) => {
  const codes = await enableTotp(principal.userId, body.code, requestMeta(req.headers, requestId));
  return jsonResponse({ message: "TOTP enabled successfully. Keep the recovery codes somewhere safe: they are shown only once.", mfa_enabled: true, recovery_codes: codes });
});
