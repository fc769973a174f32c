import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { idempotencyKeyFrom } from "@/lib/orders/idempotency-header";
import { placeOrder } from "@/lib/orders/place-order";
import { listOrders } from "@/lib/orders/queries";
import { createOrderSchema, orderListQuery } from "@/lib/orders/schemas";
import { serializeOrder } from "@/lib/orders/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/orders/ — the orders the caller may see (own; sellers: those with their lines; admins: all)
export const GET = withApi({ query: orderListQuery }, async ({ principal, query, url }) => {
  const { count, views } = await listOrders(principal, query);
  return jsonResponse(buildPage(url.href, query.page, query.page_size, count, views.map(serializeOrder)));
});

// POST /api/orders/ — place an order; prices, tax and shipping come from the server; honours Idempotency-Key
export const POST = withApi({ permission: "orders:create", body: createOrderSchema }, async ({ req, principal, body, requestId }) => {
  const key = idempotencyKeyFrom(req.headers);
  const result = await placeOrder(principal, body, key, requestMeta(req.headers, requestId));
  const headers: Record<string, string> = { location: `/api/orders/${result.order.id}/` };
  if (result.replayed) headers["idempotent-replayed"] = "true";
  return jsonResponse(result.order, { status: result.status, headers });
});
