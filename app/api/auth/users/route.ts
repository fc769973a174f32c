import { adminUserSchema } from "@/lib/auth/serializers";
import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { paginated } from "@/lib/openapi/doc";
import { listUsers } from "@/lib/users/queries";
import { userListQuery } from "@/lib/users/schemas";
import { serializeAdminUser } from "@/lib/users/serializers";

// GET /api/auth/users/ — list users with lock and sign-in state (admin; search, role, is_active, ordering, pages)
export const GET = withApi(
  {
    permission: "users:manage",
    query: userListQuery,
    doc: {
      summary: "List users",
      description:
        "Every user with roles, lock state and last sign-in. `search` matches email, username and names; `role` filters by role name, `is_active` by status; `ordering` is a comma-separated list of `email`, `created_at`, `last_login_at` (prefix `-` for descending; default `-created_at`). A page past the end is a 404.",
      tags: ["users"],
      responses: { 200: paginated(adminUserSchema) },
      errors: [404],
    },
  },
  async ({ query, url }) => {
    const { count, rows } = await listUsers(query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeAdminUser)));
  },
);
