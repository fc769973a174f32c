import { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { listRolesWithPermissions } from "@/lib/users/queries";
import { createRole } from "@/lib/users/roles-service";
import { createRoleBody } from "@/lib/users/schemas";
import { roleWithPermissionsSchema, serializeRoleWithPermissions } from "@/lib/users/serializers";

// GET /api/auth/roles/ — every role with the permissions it grants, as a plain array like the original (admin)
export const GET = withApi(
  {
    permission: "roles:manage",
    doc: {
      summary: "List roles",
      description: "Every role, inactive ones included, with the permission codes it grants, ordered by name. A plain array, not paginated (like the original).",
      tags: ["roles"],
      responses: { 200: z.array(roleWithPermissionsSchema) },
    },
  },
  async () => {
    return jsonResponse((await listRolesWithPermissions()).map(serializeRoleWithPermissions));
  },
);

// POST /api/auth/roles/ — create a role, granting only the listed known permissions (admin)
export const POST = withApi(
  {
    permission: "roles:manage",
    body: createRoleBody,
    doc: {
      summary: "Create a role",
      description:
        "`name` is uppercase letters and underscores (3–32). The role grants exactly the listed `permissions` (known codes only; none by default). A name already taken is a 409 with `errors.name`. Audited.",
      tags: ["roles"],
      responses: { 201: roleWithPermissionsSchema },
      errors: [409],
    },
  },
  async ({ principal, body, req, requestId }) => {
    const role = await createRole(principal, body, requestMeta(req.headers, requestId));
    return jsonResponse(serializeRoleWithPermissions(role), { status: 201 });
  },
);
