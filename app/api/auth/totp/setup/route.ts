import type { z } from "zod";
import { totpSetupStartedSchema } from "@/lib/auth/responses";
import { totpSetupSchema } from "@/lib/auth/schemas";
import { setupTotp, totpSettings } from "@/lib/auth/second-factor";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/totp/setup/ — a new pending authenticator secret `{message, secret, qr_code, uri, instructions}`;
// replacing an enabled one needs `{code}` from it. The only response that ever carries the secret.
export const POST = withApi(
  {
    body: totpSetupSchema,
    doc: {
      summary: "Start setting up an authenticator app",
      description:
        "Creates a new pending TOTP secret (replacing a pending one) and returns it with a QR code: the only response that ever shows the secret. Confirm it with POST /api/auth/totp/verify/. While two-factor authentication is on, replacing the authenticator needs `code`, a current code from it: a wrong code is a 400 that counts towards the lockouts, and while the account or IP is locked the answer is 429. Audited.",
      tags: ["two-factor"],
      responses: { 200: totpSetupStartedSchema },
    },
  },
  async ({ req, principal, body, requestId }) => {
    const { secret, uri, qrCode } = await setupTotp(principal.userId, body, requestMeta(req.headers, requestId));
    const { digits } = totpSettings();
    return jsonResponse({
      message: "TOTP setup initiated. Scan the QR code with your authenticator app.",
      secret,
      qr_code: qrCode,
      uri,
      instructions: `Scan the QR code (or enter the secret) in your authenticator app, then send the ${digits}-digit code it shows to POST /api/auth/totp/verify/ to turn two-factor authentication on.`,
    } satisfies z.input<typeof totpSetupStartedSchema>);
  },
);
