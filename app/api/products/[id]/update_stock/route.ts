import { productEtag } from "@/lib/catalog/etag";
import { updateStock } from "@/lib/catalog/mutations";
import { productIdParams, updateStockSchema } from "@/lib/catalog/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/products/{id}/update_stock/ — set stock (`quantity`) or change it (`delta`); owner or admin; audited
export const POST = withApi({ permission: "products:write", params: productIdParams, body: updateStockSchema }, async ({ req, principal, params, body, requestId }) => {
  const product = await updateStock(principal, params.id, body, req.headers.get("if-match"), requestMeta(req.headers, requestId));
  return jsonResponse(
    { detail: "Stock updated successfully.", stock_quantity: product.stockQuantity, is_low_stock: product.stockQuantity <= product.lowStockThreshold },
    { headers: { etag: productEtag(product.version) } },
  );
});
