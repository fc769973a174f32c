import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { listRolesWithPermissions } from "@/lib/users/queries";
import { createRole } from "@/lib/users/roles-service";
import { createRoleBody } from "@/lib/users/schemas";
import { serializeRoleWithPermissions } from "@/lib/users/serializers";

// GET /api/auth/roles/ — every role with the permissions it grants, as a plain array like the original (admin)
export const GET = withApi({ permission: "roles:manage" }, async () => {
  return jsonResponse((await listRolesWithPermissions()).map(serializeRoleWithPermissions));
});

// POST /api/auth/roles/ — create a role, granting only the listed known permissions (admin)
export const POST = withApi({ permission: "roles:manage", body: createRoleBody }, async ({ principal, body, req, requestId }) => {
  const role = await createRole(principal, body, requestMeta(req.headers, requestId));
  return jsonResponse(serializeRoleWithPermissions(role), { status: 201 });
});
