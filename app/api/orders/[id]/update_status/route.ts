import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { changeOrderStatus } from "@/lib/orders/change-status";
import { orderIdParams, updateStatusSchema } from "@/lib/orders/schemas";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/orders/{id}/update_status/ — move an order along the state machine (who may do what: lib/orders/transitions.ts)
export const POST = withApi({ params: orderIdParams, body: updateStatusSchema }, async ({ req, principal, params, body, requestId }) => {
  const order = await changeOrderStatus(principal, params.id, body.status, requestMeta(req.headers, requestId));
  return jsonResponse({ detail: "Order status updated successfully.", order });
});
