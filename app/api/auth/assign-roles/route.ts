import type { z } from "zod";
import { serializeUser } from "@/lib/auth/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { rolesAssignedSchema } from "@/lib/users/responses";
import { assignRoles } from "@/lib/users/roles-service";
import { assignRolesBody } from "@/lib/users/schemas";

// POST /api/auth/assign-roles/ — replace a user's role set (CUSTOMER always kept) (admin)
export const POST = withApi(
  {
    permission: "roles:manage",
    body: assignRolesBody,
    doc: {
      summary: "Replace a user's roles",
      description:
        "The user named by `user_email` gets exactly `roles` (active role names), plus CUSTOMER, which every user keeps. An unknown user or an unknown or inactive role is a 400 on that field; removing your own `roles:manage` is a 400; leaving the shop without an active administrator is a 409. Takes effect on the user's next request. Audited with the roles before and after.",
      tags: ["roles"],
      responses: { 200: rolesAssignedSchema },
      errors: [409],
    },
  },
  async ({ principal, body, req, requestId }) => {
    const { user, roles } = await assignRoles(principal, body, requestMeta(req.headers, requestId));
    return jsonResponse({ message: "Roles updated successfully.", user: serializeUser(user, roles) } satisfies z.input<typeof rolesAssignedSchema>);
  },
);
