import { productEtag } from "@/lib/catalog/etag";
import { deactivateProduct, updateProduct } from "@/lib/catalog/mutations";
import { getProductOrThrow } from "@/lib/catalog/queries";
import { patchProductSchema, productIdParams, putProductSchema } from "@/lib/catalog/schemas";
import { serializeProductDetail } from "@/lib/catalog/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/products/{id}/ — one product, if the caller may see it (404 otherwise); ETag for If-Match on writes
export const GET = withApi({ auth: "public", params: productIdParams }, async ({ principal, params }) => {
  const product = await getProductOrThrow(principal, params.id);
  return jsonResponse(serializeProductDetail(product, principal), { headers: { etag: productEtag(product.version) } });
});

// PUT /api/products/{id}/ — name, sku and price required; omitted optional fields keep their values (owner or admin; If-Match honoured)
export const PUT = withApi({ permission: "products:write", params: productIdParams, body: putProductSchema }, async ({ req, principal, params, body, requestId }) => {
  const product = await updateProduct(principal, params.id, body, req.headers.get("if-match"), requestMeta(req.headers, requestId));
  return jsonResponse(serializeProductDetail(product, principal), { headers: { etag: productEtag(product.version) } });
});

// PATCH /api/products/{id}/ — change some fields (owner or admin; If-Match honoured, 412 when stale)
export const PATCH = withApi({ permission: "products:write", params: productIdParams, body: patchProductSchema }, async ({ req, principal, params, body, requestId }) => {
  const product = await updateProduct(principal, params.id, body, req.headers.get("if-match"), requestMeta(req.headers, requestId));
  return jsonResponse(serializeProductDetail(product, principal), { headers: { etag: productEtag(product.version) } });
});

// DELETE /api/products/{id}/ — soft delete: the product is deactivated (owner or admin)
export const DELETE = withApi({ permission: "products:write", params: productIdParams }, async ({ req, principal, params, requestId }) => {
  await deactivateProduct(principal, params.id, req.headers.get("if-match"), requestMeta(req.headers, requestId));
  return jsonResponse({ detail: "Product deactivated successfully." });
});
