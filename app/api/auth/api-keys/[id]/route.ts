import { apiKeyIdParams, apiKeySchema } from "@/lib/auth/api-keys/schemas";
import { getApiKey, revokeApiKey, serializeApiKey } from "@/lib/auth/api-keys/service";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/auth/api-keys/{id}/ — one key (the owner's, or any for users:manage; someone else's is a 404)
export const GET = withApi(
  {
    params: apiKeyIdParams,
    doc: { summary: "Show an API key", description: "Yours, or any user's for `users:manage`.", tags: ["api keys"], responses: { 200: apiKeySchema }, errors: [404] },
  },
  async ({ principal, params }) => jsonResponse(serializeApiKey(await getApiKey(principal, params.id))),
);

// DELETE /api/auth/api-keys/{id}/ — revoke at once (owner, or an admin with users:manage); kept, marked revoked
export const DELETE = withApi(
  {
    params: apiKeyIdParams,
    doc: {
      summary: "Revoke an API key",
      description: "Takes effect on the key's next request (401). Yours, or any user's for `users:manage`. The key stays listed as revoked; revoking twice is harmless.",
      tags: ["api keys"],
      responses: { 204: null },
      errors: [404],
    },
  },
  async ({ req, principal, params, requestId }) => {
    await revokeApiKey(principal, params.id, requestMeta(req.headers, requestId));
    return new Response(null, { status: 204 });
  },
);
