import type { z } from "zod";
import { totpEnabledSchema } from "@/lib/auth/responses";
import { totpCodeSchema } from "@/lib/auth/schemas";
import { enableTotp } from "@/lib/auth/second-factor";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/totp/verify/ — `{code}` confirms the pending secret: MFA on, 10 recovery codes shown this once
export const POST = withApi(
  {
    body: totpCodeSchema,
    doc: {
      summary: "Turn on two-factor authentication",
      description:
        "`code` from the authenticator app confirms the pending secret from POST /api/auth/totp/setup/: two-factor authentication is on and 10 recovery codes are returned, shown only this once. 400 when there is no pending secret (or TOTP is already on) or the code is wrong (a wrong code counts towards the lockouts; while locked, 429). 409 when the secret was replaced by another setup meanwhile. Audited.",
      tags: ["two-factor"],
      responses: { 200: totpEnabledSchema },
      errors: [409],
    },
  },
  async ({ req, principal, body, requestId }) => {
    const codes = await enableTotp(principal.userId, body.code, requestMeta(req.headers, requestId));
    return jsonResponse({
      message: "TOTP enabled successfully. Keep the recovery codes somewhere safe: they are shown only once.",
      mfa_enabled: true,
      recovery_codes: codes,
    } satisfies z.input<typeof totpEnabledSchema>);
  },
);
