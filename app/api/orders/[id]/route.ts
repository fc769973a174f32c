import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { getOrderViewOrThrow } from "@/lib/orders/queries";
import { orderIdParams, patchOrderSchema, shippingDetailsSchema } from "@/lib/orders/schemas";
import { orderSchema, serializeOrder } from "@/lib/orders/serializers";
import { updateShippingDetails } from "@/lib/orders/update-shipping";
import { requestMeta } from "@/lib/security/request-meta";

const ORDER_KEY_SCOPES = ["orders:create", "orders:fulfil", "orders:manage"] as const;

const SHIPPING_RULES =
  "Only while the order is `PENDING` (409 after that), by its customer or an admin: a seller who can see the order gets a 403, anyone else a 404. Audited with the names of the changed fields.";

// GET /api/orders/{id}/ — one order the caller may see (someone else's is a 404)
export const GET = withApi(
  {
    params: orderIdParams,
    keyScopes: ORDER_KEY_SCOPES,
    doc: {
      summary: "Get an order",
      description:
        "Its customer and admins see the whole order; a seller of one of its products only their own lines, without the order-wide amounts (`is_partial_view`). Anyone else gets a 404.",
      tags: ["orders"],
      responses: { 200: orderSchema },
      errors: [404],
    },
  },
  async ({ principal, params }) => {
    return jsonResponse(serializeOrder(await getOrderViewOrThrow(principal, params.id)));
  },
);

// PATCH /api/orders/{id}/ — change some shipping details while the order is PENDING (customer or admin)
export const PATCH = withApi(
  {
    params: orderIdParams,
    body: patchOrderSchema,
    keyScopes: ORDER_KEY_SCOPES,
    doc: {
      summary: "Update some shipping details of an order",
      description: `Send at least one shipping field; the others keep their values. Status changes have their own endpoints. ${SHIPPING_RULES}`,
      tags: ["orders"],
      responses: { 200: orderSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    return jsonResponse(await updateShippingDetails(principal, params.id, body, requestMeta(req.headers, requestId)));
  },
);

// PUT /api/orders/{id}/ — replace all shipping details while the order is PENDING (customer or admin)
export const PUT = withApi(
  {
    params: orderIdParams,
    body: shippingDetailsSchema,
    keyScopes: ORDER_KEY_SCOPES,
    doc: {
      summary: "Replace the shipping details of an order",
      description: `Address, city, postal code and country are required; \`contact_phone\` and \`notes\` left out become empty. ${SHIPPING_RULES}`,
      tags: ["orders"],
      responses: { 200: orderSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    return jsonResponse(await updateShippingDetails(principal, params.id, body, requestMeta(req.headers, requestId)));
  },
);

// DELETE /api/orders/{id}/ — not allowed: orders are cancelled (stock restored), never deleted
export const DELETE = methodNotAllowed(["GET", "PUT", "PATCH"], "Orders cannot be deleted; cancel it with POST /api/orders/{id}/cancel/.");
