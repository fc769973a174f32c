import { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { changeOrderStatus } from "@/lib/orders/change-status";
import { orderIdParams } from "@/lib/orders/schemas";
import { orderStatusChangedSchema } from "@/lib/orders/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/orders/{id}/cancel/ — the customer (or an admin) cancels a PENDING or CONFIRMED order; stock goes back
export const POST = withApi(
  {
    params: orderIdParams,
    body: z.strictObject({}),
    keyScopes: ["orders:create", "orders:fulfil", "orders:manage"],
    doc: {
      summary: "Cancel an order",
      description:
        "Its customer or an admin cancels a `PENDING` or `CONFIRMED` order; the stock of every line goes back in the same transaction, exactly once. From any other status, 409 with `current_status`; a seller who can see the order gets a 403, anyone else a 404. The body is an empty object (or none). Audited, refusals included.",
      tags: ["orders"],
      responses: { 200: orderStatusChangedSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, requestId }) => {
    const order = await changeOrderStatus(principal, params.id, "CANCELLED", requestMeta(req.headers, requestId));
    return jsonResponse({ detail: "Order cancelled successfully.", order } satisfies z.input<typeof orderStatusChangedSchema>);
  },
);
