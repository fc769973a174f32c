import { productEtag } from "@/lib/catalog/etag";
import { updateStock } from "@/lib/catalog/mutations";
import { productIdParams, updateStockSchema } from "@/lib/catalog/schemas";
import { serializeStockUpdate, stockUpdatedSchema } from "@/lib/catalog/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/products/{id}/update_stock/ — set stock (`quantity`) or change it (`delta`); owner or admin; audited
export const POST = withApi(
  {
    permission: "products:write",
    params: productIdParams,
    body: updateStockSchema,
    doc: {
      summary: "Set or change a product's stock",
      description:
        "Send `quantity` (the new stock) or `delta` (a signed change). The owner or an admin. A `delta` that would take the stock below zero is refused with 409 and changes nothing. Audited with the before and after values.",
      tags: ["products"],
      responses: { 200: stockUpdatedSchema },
      requestHeaders: ["If-Match"],
      responseHeaders: { 200: ["ETag"] },
      errors: [404, 409, 412],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    const product = await updateStock(
      principal,
      params.id,
      body,
      req.headers.get("if-match"),
      requestMeta(req.headers, requestId),
    );
    return jsonResponse(serializeStockUpdate(product), { headers: { etag: productEtag(product.version) } });
  },
);
