import type { z } from "zod";
import { verifyAccessToken } from "@/lib/auth/access-token";
import { tokenValidSchema } from "@/lib/auth/responses";
import { verifyTokenSchema } from "@/lib/auth/schemas";
import { getLiveSession } from "@/lib/auth/sessions";
import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";

// POST /api/auth/token/verify/ — 200 `{}` while the access token is valid and its session live, 401 otherwise
export const POST = withApi(
  {
    auth: "public",
    body: verifyTokenSchema,
    doc: {
      summary: "Check an access token",
      description: "200 with `{}` while the access token's signature, expiry and claims are valid and its session is not revoked; 401 otherwise (SimpleJWT's verify).",
      tags: ["auth"],
      responses: { 200: tokenValidSchema },
    },
  },
  async ({ body }) => {
    const claims = await verifyAccessToken(body.token);
    const session = claims ? await getLiveSession(claims.sid) : null;
    if (!claims || !session || String(session.userId) !== claims.sub) {
      throw new ApiError("unauthenticated", "Token is invalid or expired.");
    }
    return jsonResponse({} satisfies z.input<typeof tokenValidSchema>);
  },
);
