import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { getUserDetailOrThrow } from "@/lib/users/queries";
import { userIdParams, userStatusBody } from "@/lib/users/schemas";
import { serializeAdminUser, serializeAdminUserDetail } from "@/lib/users/serializers";
import { setUserActive } from "@/lib/users/service";

// GET /api/auth/users/{id}/ — one user with their sessions and recent audit trail (admin)
export const GET = withApi({ permission: "users:manage", params: userIdParams }, async ({ params }) => {
  return jsonResponse(serializeAdminUserDetail(await getUserDetailOrThrow(params.id)));
});

// PATCH /api/auth/users/{id}/ — deactivate (revoking every session) or reactivate a user (admin)
export const PATCH = withApi(
  { permission: "users:manage", params: userIdParams, body: userStatusBody },
  async ({ principal, params, body, req, requestId }) => {
    const user = await setUserActive(principal, params.id, body.is_active, requestMeta(req.headers, requestId));
    return jsonResponse(serializeAdminUser(user));
  },
);
