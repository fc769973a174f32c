import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { getOrderViewOrThrow } from "@/lib/orders/queries";
import { orderIdParams, patchOrderSchema, shippingDetailsSchema } from "@/lib/orders/schemas";
import { serializeOrder } from "@/lib/orders/serializers";
import { updateShippingDetails } from "@/lib/orders/update-shipping";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/orders/{id}/ — one order the caller may see (someone else's is a 404)
export const GET = withApi({ params: orderIdParams }, async ({ principal, params }) => {
  return jsonResponse(serializeOrder(await getOrderViewOrThrow(principal, params.id)));
});

// PATCH /api/orders/{id}/ — change some shipping details while the order is PENDING (customer or admin)
export const PATCH = withApi({ params: orderIdParams, body: patchOrderSchema }, async ({ req, principal, params, body, requestId }) => {
  return jsonResponse(await updateShippingDetails(principal, params.id, body, requestMeta(req.headers, requestId)));
});

// PUT /api/orders/{id}/ — replace all shipping details while the order is PENDING (customer or admin)
export const PUT = withApi({ params: orderIdParams, body: shippingDetailsSchema }, async ({ req, principal, params, body, requestId }) => {
  return jsonResponse(await updateShippingDetails(principal, params.id, body, requestMeta(req.headers, requestId)));
});

// DELETE /api/orders/{id}/ — not allowed: orders are cancelled (stock restored), never deleted
export const DELETE = methodNotAllowed(["GET", "PUT", "PATCH"], "Orders cannot be deleted; cancel it with POST /api/orders/{id}/cancel/.");
