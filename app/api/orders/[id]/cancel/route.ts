import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { changeOrderStatus } from "@/lib/orders/change-status";
import { orderIdParams } from "@/lib/orders/schemas";
import { requestMeta } from "@/lib/security/request-meta";
import { z } from "zod";

// POST /api/orders/{id}/cancel/ — the customer (or an admin) cancels a PENDING or CONFIRMED order; stock goes back
export const POST = withApi({ params: orderIdParams, body: z.strictObject({}) }, async ({ req, principal, params, requestId }) => {
  const order = await changeOrderStatus(principal, params.id, "CANCELLED", requestMeta(req.headers, requestId));
  return jsonResponse({ detail: "Order cancelled successfully.", order });
});
