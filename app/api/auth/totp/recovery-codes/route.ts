import type { z } from "zod";
import { recoveryCodesSchema } from "@/lib/auth/responses";
import { totpCodeSchema } from "@/lib/auth/schemas";
import { regenerateRecoveryCodes } from "@/lib/auth/second-factor";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/totp/recovery-codes/ — `{code}` (a current TOTP code) → a new set of 10; the old ones stop working
export const POST = withApi(
  {
    body: totpCodeSchema,
    doc: {
      summary: "Replace your recovery codes",
      description:
        "Needs `code`, a current code from the authenticator app (not a recovery code). Returns 10 new recovery codes, shown only this once; the previous ones stop working. 400 when two-factor authentication is off or the code is wrong (counted towards the lockouts; while locked, 429). Audited.",
      tags: ["two-factor"],
      responses: { 200: recoveryCodesSchema },
    },
  },
  async ({ req, principal, body, requestId }) => {
    const codes = await regenerateRecoveryCodes(principal.userId, body.code, requestMeta(req.headers, requestId));
    return jsonResponse({
      message: "New recovery codes generated; the previous ones no longer work.",
      recovery_codes: codes,
    } satisfies z.input<typeof recoveryCodesSchema>);
  },
);
