import { adminUserSchema } from "@/lib/auth/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { getUserDetailOrThrow } from "@/lib/users/queries";
import { userIdParams, userStatusBody } from "@/lib/users/schemas";
import { adminUserDetailSchema, serializeAdminUser, serializeAdminUserDetail } from "@/lib/users/serializers";
import { setUserActive } from "@/lib/users/service";

// GET /api/auth/users/{id}/ — one user with their sessions and recent audit trail (admin)
export const GET = withApi(
  {
    permission: "users:manage",
    params: userIdParams,
    doc: {
      summary: "Get a user",
      description: "The user with roles and lock state, their 50 most recent sessions (revoked ones included) and the 20 most recent audit entries by or about them.",
      tags: ["users"],
      responses: { 200: adminUserDetailSchema },
      errors: [404],
    },
  },
  async ({ params }) => {
    return jsonResponse(serializeAdminUserDetail(await getUserDetailOrThrow(params.id)));
  },
);

// PATCH /api/auth/users/{id}/ — deactivate (revoking every session) or reactivate a user (admin)
export const PATCH = withApi(
  {
    permission: "users:manage",
    params: userIdParams,
    body: userStatusBody,
    doc: {
      summary: "Deactivate or reactivate a user",
      description:
        "`is_active: false` stops the user signing in and revokes every session at once; `true` lets them sign in again (their old sessions stay revoked). You cannot deactivate yourself (400), nor the last active administrator (409). Audited.",
      tags: ["users"],
      responses: { 200: adminUserSchema },
      errors: [404, 409],
    },
  },
  async ({ principal, params, body, req, requestId }) => {
    const user = await setUserActive(principal, params.id, body.is_active, requestMeta(req.headers, requestId));
    return jsonResponse(serializeAdminUser(user));
  },
);
