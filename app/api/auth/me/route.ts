import { updateProfile } from "@/lib/auth/account";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { rolesOfUser } from "@/lib/auth/roles";
import { profileUpdateSchema } from "@/lib/auth/schemas";
import { serializeUser, userSchema } from "@/lib/auth/serializers";
import { loadUserAccess } from "@/lib/auth/user-access";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

/** Any scope will do: an integration may always ask whose key it holds. */
const ANY_SCOPE = Object.keys(PERMISSIONS) as Permission[];

// GET /api/auth/me/ — the signed-in user (also the owner of an API key, whatever its scopes)
export const GET = withApi(
  {
    keyScopes: ANY_SCOPE,
    doc: {
      summary: "Get the signed-in user",
      description: "Your own account, with your roles. With an API key: the key's owner, so an integration can check whose key it holds.",
      tags: ["account"],
      responses: { 200: userSchema },
    },
  },
  async ({ principal }) => {
    const access = await loadUserAccess(principal.userId);
    return jsonResponse(serializeUser(access!.user, await rolesOfUser(principal.userId)));
  },
);

// PATCH /api/auth/me/ — update one's profile (username, names, phone); email and roles are not writable here
export const PATCH = withApi(
  {
    body: profileUpdateSchema,
    doc: {
      summary: "Update your profile",
      description:
        "Changes any of `username`, `first_name`, `last_name`, `phone_number` and `avatar_file` (the id of an `avatar` file you uploaded with POST /api/files/; `null` removes the avatar). Email, password and roles are not writable here. A username already taken is a 400 on that field. Audited.",
      tags: ["account"],
      responses: { 200: userSchema },
    },
  },
  async ({ req, principal, body, requestId }) => {
    const user = await updateProfile(principal.userId, body, requestMeta(req.headers, requestId));
    return jsonResponse(serializeUser(user, await rolesOfUser(principal.userId)));
  },
);
