import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { listUsers } from "@/lib/users/queries";
import { userListQuery } from "@/lib/users/schemas";
import { serializeAdminUser } from "@/lib/users/serializers";

// GET /api/auth/users/ — list users with lock and sign-in state (admin; search, role, is_active, ordering, pages)
export const GET = withApi({ permission: "users:manage", query: userListQuery }, async ({ query, url }) => {
  const { count, rows } = await listUsers(query);
  return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeAdminUser)));
});
