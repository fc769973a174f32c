import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";
import { redeliver } from "@/lib/webhooks/mutations";
import { deliveryParams, webhookDeliverySchema } from "@/lib/webhooks/schemas";
import { serializeDelivery } from "@/lib/webhooks/serializers";

// POST /api/webhooks/{id}/deliveries/{delivery_id}/redeliver/ — queue the same body again, signed afresh when sent
export const POST = withApi(
  {
    permission: "webhooks:manage",
    params: deliveryParams,
    doc: {
      summary: "Re-send a delivery",
      description:
        "Queues a new delivery of the same body (same event id, new delivery id, `redelivery_of` set); it is signed with the current secret when sent. 409 when the endpoint is disabled, or when its owner no longer may receive the payload (deactivated, lost webhooks:manage, or no longer holds the view it was built for).",
      tags: ["webhooks"],
      responses: { 201: webhookDeliverySchema },
      responseHeaders: { 201: ["Location"] },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, requestId }) => {
    const delivery = await redeliver(
      principal,
      params.id,
      params.delivery_id,
      requestMeta(req.headers, requestId),
    );
    return jsonResponse(serializeDelivery(delivery), {
      status: 201,
      headers: { location: `/api/webhooks/${params.id}/deliveries/${delivery.id}/` },
    });
  },
);
