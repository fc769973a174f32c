import { totpDisableSchema } from "@/lib/auth/schemas";
import { disableTotp } from "@/lib/auth/second-factor";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/totp/disable/ — `{password, code}` (TOTP or recovery code): MFA off, secret and recovery codes deleted
export const POST = withApi({ body: totpDisableSchema }, async ({ req, principal, body, requestId }) => {
  await disableTotp(principal.userId, body, requestMeta(req.headers, requestId));
  return jsonResponse({ message: "MFA disabled successfully.", mfa_enabled: false });
});
