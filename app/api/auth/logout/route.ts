import { db } from "@/db/client";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { revokeSession } from "@/lib/auth/sessions";
import { audit } from "@/lib/audit/write";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { detailResponse } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/auth/logout/ — end the caller's session (its refresh tokens and cookie stop working at once)
export const POST = withApi(
  {
    doc: {
      summary: "Sign out",
      description:
        "Revokes the session this request was made with: its access and refresh tokens (or its cookie, which is also cleared) stop working at once. Other sessions stay signed in (see DELETE /api/auth/sessions/{id}/). Audited.",
      tags: ["auth"],
      responses: { 200: detailResponse },
    },
  },
  async ({ req, principal, requestId }) => {
    await revokeSession(db(), principal.sessionId, "logout", principal.userId);
    await audit({ action: "LOGOUT", targetType: "SESSION", targetId: principal.sessionId, result: "SUCCESS", actorUserId: principal.userId, meta: requestMeta(req.headers, requestId) });
    const headers = new Headers();
    if (principal.via === "cookie") headers.append("set-cookie", clearSessionCookie());
    return jsonResponse({ detail: "Logged out." }, { headers });
  },
);
