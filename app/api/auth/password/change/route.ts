import type { z } from "zod";
import { changePassword } from "@/lib/auth/account";
import { passwordChangedSchema } from "@/lib/auth/responses";
import { passwordChangeSchema } from "@/lib/auth/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/password/change/ — new password after the current one; every other session is signed out
export const POST = withApi(
  {
    body: passwordChangeSchema,
    doc: {
      summary: "Change your password",
      description:
        "Needs the current password (a wrong one is a 400 on `current_password` and counts towards the account lockout). The new password must differ from it and pass the password policy. Every other session is signed out; this one stays. Audited.",
      tags: ["account"],
      responses: { 200: passwordChangedSchema },
    },
  },
  async ({ req, principal, body, requestId }) => {
    const revoked = await changePassword(principal.userId, principal.sessionId, body, requestMeta(req.headers, requestId));
    return jsonResponse({ detail: "Password changed.", revoked_sessions: revoked } satisfies z.input<typeof passwordChangedSchema>);
  },
);
