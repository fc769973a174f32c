import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { userIdParams } from "@/lib/users/schemas";
import { serializeAdminUser } from "@/lib/users/serializers";
import { unlockUser } from "@/lib/users/service";

// POST /api/auth/users/{id}/unlock/ — lift the account lock and forget failed sign-ins (admin)
export const POST = withApi({ permission: "users:manage", params: userIdParams }, async ({ principal, params, req, requestId }) => {
  const user = await unlockUser(principal, params.id, requestMeta(req.headers, requestId));
  return jsonResponse({ detail: "Account unlocked.", user: serializeAdminUser(user) });
});
