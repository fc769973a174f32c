import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { paginated } from "@/lib/openapi/doc";
import { idempotencyKeyFrom } from "@/lib/orders/idempotency-header";
import { placeOrder } from "@/lib/orders/place-order";
import { listOrders } from "@/lib/orders/queries";
import { createOrderSchema, orderListQuery } from "@/lib/orders/schemas";
import { orderSchema, serializeOrder } from "@/lib/orders/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/orders/ — the orders the caller may see (own; sellers: those with their lines; admins: all)
export const GET = withApi(
  {
    query: orderListQuery,
    keyScopes: ["orders:create", "orders:fulfil", "orders:manage"],
    doc: {
      summary: "List orders",
      description:
        "Newest first. A customer sees their own orders; a seller also those holding one of their products (only their own lines, without the order-wide amounts: `is_partial_view`); an admin every order. `search` matches the order number or the customer's e-mail.",
      tags: ["orders"],
      responses: { 200: paginated(orderSchema) },
      errors: [404],
    },
  },
  async ({ principal, query, url }) => {
    const { count, views } = await listOrders(principal, query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, views.map(serializeOrder)));
  },
);

// POST /api/orders/ — place an order; prices, tax and shipping come from the server; honours Idempotency-Key
export const POST = withApi(
  {
    permission: "orders:create",
    body: createOrderSchema,
    doc: {
      summary: "Place an order",
      description:
        "Prices, tax and shipping are computed by the server (amounts in the body are refused). All or nothing, in one transaction: a product that is missing or inactive is a 400 naming the line, one without enough stock a 409 with `product_id`, `available` and `requested`; either way no stock is taken. The order starts `PENDING`. With an `Idempotency-Key`, a retry returns the first result (`Idempotent-Replayed: true`) instead of placing a second order; a key still in progress is a 409, a key reused with another body a 422. Audited.",
      tags: ["orders"],
      responses: { 201: orderSchema },
      requestHeaders: ["Idempotency-Key"],
      responseHeaders: { 201: ["Location", "Idempotent-Replayed"] },
      errors: [409, 422],
    },
  },
  async ({ req, principal, body, requestId }) => {
    const key = idempotencyKeyFrom(req.headers);
    const result = await placeOrder(principal, body, key, requestMeta(req.headers, requestId));
    const headers: Record<string, string> = { location: `/api/orders/${result.order.id}/` };
    if (result.replayed) headers["idempotent-replayed"] = "true";
    return jsonResponse(result.order, { status: result.status, headers });
  },
);
