import type { z } from "zod";
import { signAccessToken } from "@/lib/auth/access-token";
import { tokenPairSchema } from "@/lib/auth/responses";
import { refreshSchema } from "@/lib/auth/schemas";
import { rotateRefreshToken } from "@/lib/auth/sessions";
import { loadUserAccess } from "@/lib/auth/user-access";
import { audit } from "@/lib/audit/write";
import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

const INVALID = "Token is invalid or expired.";

// POST /api/auth/token/refresh/ — rotate: the refresh token is spent, `{access, refresh}` replace it; reuse revokes the session
export const POST = withApi(
  {
    auth: "public",
    body: refreshSchema,
    doc: {
      summary: "Refresh the access token",
      description:
        "Rotation: the refresh token sent is spent and a new `{access, refresh}` pair replaces it. Presenting an already rotated refresh token again revokes its whole session (reuse detection, audited). An invalid, expired or revoked token, or a deactivated user, gets 401.",
      tags: ["auth"],
      responses: { 200: tokenPairSchema },
    },
  },
  async ({ req, body, requestId }) => {
    const meta = requestMeta(req.headers, requestId);
    const result = await rotateRefreshToken(body.refresh);
    if (result.status === "reused") {
      await audit({
        action: "TOKEN_REUSE",
        targetType: "SESSION",
        targetId: result.session.id,
        result: "BLOCKED",
        actorUserId: result.session.userId,
        meta,
        metadata: { detail: "a rotated refresh token was presented again; the session was revoked" },
      });
      throw new ApiError("unauthenticated", INVALID);
    }
    if (result.status !== "ok") throw new ApiError("unauthenticated", INVALID);
    const access = await loadUserAccess(result.session.userId);
    if (!access || !access.user.isActive) throw new ApiError("unauthenticated", INVALID);
    await audit({ action: "TOKEN_REFRESH", targetType: "SESSION", targetId: result.session.id, result: "SUCCESS", actorUserId: access.user.id, meta });
    const token = await signAccessToken({ userId: access.user.id, sessionId: result.session.id, roles: access.roles, amr: result.session.amr });
    return jsonResponse({ access: token, refresh: result.refresh } satisfies z.input<typeof tokenPairSchema>);
  },
);
