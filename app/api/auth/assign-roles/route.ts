import { serializeUser } from "@/lib/auth/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { assignRoles } from "@/lib/users/roles-service";
import { assignRolesBody } from "@/lib/users/schemas";

// POST /api/auth/assign-roles/ — replace a user's role set (CUSTOMER always kept) (admin)
export const POST = withApi({ permission: "roles:manage", body: assignRolesBody }, async ({ principal, body, req, requestId }) => {
  const { user, roles } = await assignRoles(principal, body, requestMeta(req.headers, requestId));
  return jsonResponse({ message: "Roles updated successfully.", user: serializeUser(user, roles) });
});
