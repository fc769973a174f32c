import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { rotateSecret } from "@/lib/webhooks/mutations";
import { webhookIdParams, webhookWithSecretSchema } from "@/lib/webhooks/schemas";
import { serializeEndpoint } from "@/lib/webhooks/serializers";

// POST /api/webhooks/{id}/rotate_secret/ — a new signing secret, effective at once, answered this once
export const POST = withApi(
  {
    permission: "webhooks:manage",
    params: webhookIdParams,
    doc: {
      summary: "Rotate a webhook endpoint's secret",
      description:
        "Replaces the signing secret at once: every attempt from now on, retries of earlier events included, is signed with the new one. The new `secret` is in this response only.",
      tags: ["webhooks"],
      responses: { 200: webhookWithSecretSchema },
      errors: [404],
    },
  },
  async ({ req, principal, params, requestId }) => {
    const { endpoint, secret } = await rotateSecret(
      principal,
      params.id,
      requestMeta(req.headers, requestId),
    );
    return jsonResponse({ ...serializeEndpoint(endpoint), secret });
  },
);
