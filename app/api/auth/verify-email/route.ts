import { verifyEmail } from "@/lib/auth/account";
import { rolesOfUser } from "@/lib/auth/roles";
import { verifyEmailSchema } from "@/lib/auth/schemas";
import { serializeUser } from "@/lib/auth/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/verify-email/ — confirm the email address with the mailed single-use token
export const POST = withApi({ auth: "public", body: verifyEmailSchema }, async ({ req, body, requestId }) => {
  const user = await verifyEmail(body.token, requestMeta(req.headers, requestId));
  return jsonResponse({ detail: "Email verified.", user: serializeUser(user, await rolesOfUser(user.id)) });
});
