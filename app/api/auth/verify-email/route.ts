import type { z } from "zod";
import { verifyEmail } from "@/lib/auth/account";
import { emailVerifiedSchema } from "@/lib/auth/responses";
import { rolesOfUser } from "@/lib/auth/roles";
import { verifyEmailSchema } from "@/lib/auth/schemas";
import { serializeUser } from "@/lib/auth/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/verify-email/ — confirm the email address with the mailed single-use token
export const POST = withApi(
  {
    auth: "public",
    body: verifyEmailSchema,
    doc: {
      summary: "Confirm your email address",
      description: "`token` is the one from the mailed link (single use, 48 hours); an invalid, used or expired one is a 400 on `token`. Audited.",
      tags: ["auth"],
      responses: { 200: emailVerifiedSchema },
    },
  },
  async ({ req, body, requestId }) => {
    const user = await verifyEmail(body.token, requestMeta(req.headers, requestId));
    return jsonResponse({ detail: "Email verified.", user: serializeUser(user, await rolesOfUser(user.id)) } satisfies z.input<typeof emailVerifiedSchema>);
  },
);
