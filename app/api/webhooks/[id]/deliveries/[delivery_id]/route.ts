import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { viewCovers } from "@/lib/webhooks/audience";
import { deliveryAttempts, getDeliveryOrThrow } from "@/lib/webhooks/queries";
import { deliveryParams, webhookDeliveryDetailSchema } from "@/lib/webhooks/schemas";
import { serializeDeliveryDetail } from "@/lib/webhooks/serializers";

// GET /api/webhooks/{id}/deliveries/{delivery_id}/ — one delivery with its payload and every attempt
export const GET = withApi(
  {
    permission: "webhooks:manage",
    params: deliveryParams,
    doc: {
      summary: "Get a delivery with its attempts",
      description:
        "The body as sent (`payload`), and each attempt: when, how long, the response status and the first 2 KB of the response body, or the error. The payload is withheld (`payload: null`, `payload_withheld: true`) when the caller no longer holds the view it was built for (e.g. an administrator's full view after being demoted to seller).",
      tags: ["webhooks"],
      responses: { 200: webhookDeliveryDetailSchema },
      errors: [404],
    },
  },
  async ({ principal, params }) => {
    const delivery = await getDeliveryOrThrow(principal, params.id, params.delivery_id);
    const visible = viewCovers(delivery.eventType, delivery.audience, principal);
    return jsonResponse(serializeDeliveryDetail(delivery, await deliveryAttempts(delivery.id), visible));
  },
);
