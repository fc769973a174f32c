import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { paginated } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";
import { createEndpoint } from "@/lib/webhooks/mutations";
import { listEndpoints } from "@/lib/webhooks/queries";
import {
  createWebhookSchema,
  webhookEndpointSchema,
  webhookListQuery,
  webhookWithSecretSchema,
} from "@/lib/webhooks/schemas";
import { serializeEndpoint } from "@/lib/webhooks/serializers";

// GET /api/webhooks/ — the caller's webhook endpoints (an administrator: everyone's), newest first
export const GET = withApi(
  {
    permission: "webhooks:manage",
    query: webhookListQuery,
    doc: {
      summary: "List webhook endpoints",
      description:
        "Your own endpoints; an administrator sees every endpoint (`owner=` narrows to one user). The signing secret is never listed.",
      tags: ["webhooks"],
      responses: { 200: paginated(webhookEndpointSchema) },
      errors: [404],
    },
  },
  async ({ principal, query, url }) => {
    const { count, rows } = await listEndpoints(principal, query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeEndpoint)));
  },
);

// POST /api/webhooks/ — register an endpoint; answers its signing secret this once
export const POST = withApi(
  {
    permission: "webhooks:manage",
    body: createWebhookSchema,
    doc: {
      summary: "Register a webhook endpoint",
      description:
        'Registers an https URL for some of `order.created`, `order.status_changed`, `product.low_stock`, `review.approved`. The URL must not resolve to a loopback, private, link-local or metadata address (`errors.url` says why). The response carries the signing `secret` (`whsec_…`) **once**; deliveries are signed with it in `Shop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. At most 10 endpoints per user.',
      tags: ["webhooks"],
      responses: { 201: webhookWithSecretSchema },
      responseHeaders: { 201: ["Location"] },
      errors: [409],
    },
  },
  async ({ req, principal, body, requestId }) => {
    const { endpoint, secret } = await createEndpoint(principal, body, requestMeta(req.headers, requestId));
    return jsonResponse(
      { ...serializeEndpoint(endpoint), secret },
      { status: 201, headers: { location: `/api/webhooks/${endpoint.id}/` } },
    );
  },
);
