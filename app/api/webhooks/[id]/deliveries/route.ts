import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { paginated } from "@/lib/openapi/doc";
import { listDeliveries } from "@/lib/webhooks/queries";
import { deliveryListQuery, webhookDeliverySchema, webhookIdParams } from "@/lib/webhooks/schemas";
import { serializeDelivery } from "@/lib/webhooks/serializers";

// GET /api/webhooks/{id}/deliveries/ — the endpoint's delivery log, newest first (filter by status, event)
export const GET = withApi(
  {
    permission: "webhooks:manage",
    params: webhookIdParams,
    query: deliveryListQuery,
    doc: {
      summary: "List an endpoint's deliveries",
      description:
        "Newest first. `status` is `pending` (waiting for its next attempt), `succeeded` (a 2xx answer) or `failed` (no 2xx after the last allowed attempt).",
      tags: ["webhooks"],
      responses: { 200: paginated(webhookDeliverySchema) },
      errors: [404],
    },
  },
  async ({ principal, params, query, url }) => {
    const { count, rows } = await listDeliveries(principal, params.id, query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeDelivery)));
  },
);
