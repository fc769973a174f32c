import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { deleteEndpoint, updateEndpoint } from "@/lib/webhooks/mutations";
import { getEndpointOrThrow } from "@/lib/webhooks/queries";
import { updateWebhookSchema, webhookEndpointSchema, webhookIdParams } from "@/lib/webhooks/schemas";
import { serializeEndpoint } from "@/lib/webhooks/serializers";

// GET /api/webhooks/{id}/ — one endpoint the caller manages (another user's is a 404)
export const GET = withApi(
  {
    permission: "webhooks:manage",
    params: webhookIdParams,
    doc: {
      summary: "Get a webhook endpoint",
      tags: ["webhooks"],
      responses: { 200: webhookEndpointSchema },
      errors: [404],
    },
  },
  async ({ principal, params }) =>
    jsonResponse(serializeEndpoint(await getEndpointOrThrow(principal, params.id))),
);

// PATCH /api/webhooks/{id}/ — change the URL (checked again), events, description, or enable/disable it
export const PATCH = withApi(
  {
    permission: "webhooks:manage",
    params: webhookIdParams,
    body: updateWebhookSchema,
    doc: {
      summary: "Update a webhook endpoint",
      description:
        "Any of `url`, `events`, `description`, `is_active`. A disabled endpoint gets no new deliveries, and its pending ones wait until it is enabled again.",
      tags: ["webhooks"],
      responses: { 200: webhookEndpointSchema },
      errors: [404],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    return jsonResponse(
      serializeEndpoint(
        await updateEndpoint(principal, params.id, body, requestMeta(req.headers, requestId)),
      ),
    );
  },
);

// DELETE /api/webhooks/{id}/ — remove the endpoint and its delivery log
export const DELETE = withApi(
  {
    permission: "webhooks:manage",
    params: webhookIdParams,
    doc: {
      summary: "Delete a webhook endpoint",
      description: "Deletes the endpoint with its deliveries and their attempts.",
      tags: ["webhooks"],
      responses: { 204: null },
      errors: [404],
    },
  },
  async ({ req, principal, params, requestId }) => {
    await deleteEndpoint(principal, params.id, requestMeta(req.headers, requestId));
    return new Response(null, { status: 204 });
  },
);
