import type { z } from "zod";
import { registerUser } from "@/lib/auth/account";
import { issueApiTokens } from "@/lib/auth/api-tokens";
import { completeSignIn } from "@/lib/auth/authenticate";
import { signedInSchema } from "@/lib/auth/responses";
import { rolesOfUser } from "@/lib/auth/roles";
import { registerSchema } from "@/lib/auth/schemas";
import { serializeUser } from "@/lib/auth/serializers";
import { loadUserAccess } from "@/lib/auth/user-access";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/register/ — create an account (CUSTOMER), mail a verification link, sign in
export const POST = withApi(
  {
    auth: "public",
    body: registerSchema,
    doc: {
      summary: "Create an account",
      description:
        "Creates a user with the CUSTOMER role, mails a link to confirm the email address (valid 48 hours) and signs in: the answer carries the user and a token pair. The password must be 8 to 128 characters, not entirely numeric, not a common password and not similar to the email, username or names; an email or username already taken is a 400 on that field. Audited.",
      tags: ["auth"],
      responses: { 201: signedInSchema },
    },
  },
  async ({ req, body, requestId }) => {
    const meta = requestMeta(req.headers, requestId);
    const user = await registerUser(body, meta);
    const access = await loadUserAccess(user.id);
    const outcome = await completeSignIn({ access: access!, amr: ["pwd"], door: "api_login", meta });
    if (!outcome.ok) throw new Error("sign-in after registration failed");
    const tokens = await issueApiTokens(outcome.session, access!.roles);
    return jsonResponse(
      {
        message: "Registration successful. Check your mailbox to confirm your email.",
        user: serializeUser(user, await rolesOfUser(user.id)),
        tokens,
      } satisfies z.input<typeof signedInSchema>,
      { status: 201 },
    );
  },
);
