import { updateProfile } from "@/lib/auth/account";
import { rolesOfUser } from "@/lib/auth/roles";
import { profileUpdateSchema } from "@/lib/auth/schemas";
import { serializeUser } from "@/lib/auth/serializers";
import { loadUserAccess } from "@/lib/auth/user-access";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/auth/me/ — the signed-in user
export const GET = withApi({}, async ({ principal }) => {
  const access = await loadUserAccess(principal.userId);
  return jsonResponse(serializeUser(access!.user, await rolesOfUser(principal.userId)));
});

// PATCH /api/auth/me/ — update one's profile (username, names, phone); email and roles are not writable here
export const PATCH = withApi({ body: profileUpdateSchema }, async ({ req, principal, body, requestId }) => {
  const user = await updateProfile(principal.userId, body, requestMeta(req.headers, requestId));
  return jsonResponse(serializeUser(user, await rolesOfUser(principal.userId)));
});
