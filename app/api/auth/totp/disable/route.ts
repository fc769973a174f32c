import type { z } from "zod";
import { totpDisabledSchema } from "@/lib/auth/responses";
import { totpDisableSchema } from "@/lib/auth/schemas";
import { disableTotp } from "@/lib/auth/second-factor";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/totp/disable/ — `{password, code}` (TOTP or recovery code): MFA off, secret and recovery codes deleted
export const POST = withApi(
  {
    body: totpDisableSchema,
    doc: {
      summary: "Turn off two-factor authentication",
      description:
        "Needs your `password` and a `code`: a current authenticator code or one of your recovery codes. The TOTP secret and every recovery code are deleted. 400 when two-factor authentication is off, or on a wrong password or code (counted towards the lockouts; while locked, 429). Audited.",
      tags: ["two-factor"],
      responses: { 200: totpDisabledSchema },
    },
  },
  async ({ req, principal, body, requestId }) => {
    await disableTotp(principal.userId, body, requestMeta(req.headers, requestId));
    return jsonResponse({ message: "MFA disabled successfully.", mfa_enabled: false } satisfies z.input<typeof totpDisabledSchema>);
  },
);
