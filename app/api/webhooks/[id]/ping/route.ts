import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { pingEndpoint } from "@/lib/webhooks/mutations";
import { webhookDeliverySchema, webhookIdParams } from "@/lib/webhooks/schemas";
import { serializeDelivery } from "@/lib/webhooks/serializers";

// POST /api/webhooks/{id}/ping/ — queue a `ping` event to the endpoint, to test the receiver
export const POST = withApi(
  {
    permission: "webhooks:manage",
    params: webhookIdParams,
    doc: {
      summary: "Send a test event",
      description:
        "Queues a signed `ping` event; the delivery worker sends it within seconds. Follow it in the delivery log. 409 when the endpoint is disabled.",
      tags: ["webhooks"],
      responses: { 202: webhookDeliverySchema },
      responseHeaders: { 202: ["Location"] },
      errors: [404, 409],
    },
  },
  async ({ principal, params }) => {
    const delivery = await pingEndpoint(principal, params.id);
    return jsonResponse(serializeDelivery(delivery), {
      status: 202,
      headers: { location: `/api/webhooks/${params.id}/deliveries/${delivery.id}/` },
    });
  },
);
