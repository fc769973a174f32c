import { apiKeyListQuery, apiKeySchema, createApiKeySchema, createdApiKeySchema } from "@/lib/auth/api-keys/schemas";
import { createApiKey, listApiKeys, serializeApiKey } from "@/lib/auth/api-keys/service";
import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { paginated } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/auth/api-keys/ — the caller's keys (`owner=all`: everyone's, for users:manage); never the keys themselves
export const GET = withApi(
  {
    query: apiKeyListQuery,
    doc: {
      summary: "List API keys",
      description: "Your own keys, newest first. With `owner=all`, every user's keys (needs `users:manage`). The key itself is never shown again after creation: only its prefix.",
      tags: ["api keys"],
      responses: { 200: paginated(apiKeySchema) },
      errors: [404],
    },
  },
  async ({ principal, query, url }) => {
    const { count, rows } = await listApiKeys(principal, query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeApiKey)));
  },
);

// POST /api/auth/api-keys/ — create a key for oneself: shown once, scopes ⊆ one's permissions, fresh sign-in only
export const POST = withApi(
  {
    body: createApiKeySchema,
    doc: {
      summary: "Create an API key",
      description:
        "Creates a key for yourself and returns it **once** in `key`; only its SHA-256 is stored. `scopes` are permission codes you hold (a key never has more than its owner, and loses a scope when its owner does). `expires_at` is optional (at most 366 days ahead). Needs a sign-in from the last 10 minutes (`reauthentication_required` otherwise); cannot be done with an API key. At most 20 active keys per user.",
      tags: ["api keys"],
      responses: { 201: createdApiKeySchema },
      responseHeaders: { 201: ["Location"] },
      errors: [409],
    },
  },
  async ({ req, principal, body, requestId }) => {
    const { body: created, key } = await createApiKey(principal, body, requestMeta(req.headers, requestId));
    return jsonResponse({ ...created, key }, { status: 201, headers: { location: `/api/auth/api-keys/${created.id}/`, "cache-control": "no-store" } });
  },
);
