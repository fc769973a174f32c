import { verifyAccessToken } from "@/lib/auth/access-token";
import { verifyTokenSchema } from "@/lib/auth/schemas";
import { getLiveSession } from "@/lib/auth/sessions";
import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";

// POST /api/auth/token/verify/ — 200 `{}` while the access token is valid and its session live, 401 otherwise
export const POST = withApi({ auth: "public", body: verifyTokenSchema }, async ({ body }) => {
  const claims = await verifyAccessToken(body.token);
  const session = claims ? await getLiveSession(claims.sid) : null;
  if (!claims || !session || String(session.userId) !== claims.sub) {
    throw new ApiError("unauthenticated", "Token is invalid or expired.");
  }
  return jsonResponse({});
});
