import type { Principal } from "@/lib/auth/principal";
import { productEtag } from "@/lib/catalog/etag";
import { deactivateProduct, updateProduct } from "@/lib/catalog/mutations";
import { getProductOrThrow } from "@/lib/catalog/queries";
import { patchProductSchema, productIdParams, putProductSchema } from "@/lib/catalog/schemas";
import { productDetailSchema, serializeProductDetail } from "@/lib/catalog/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { detailResponse } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";

const WRITE_RULES =
  "The owner or an admin (someone else's product is a 404). Send the ETag you read in `If-Match` to refuse the change (412) when the product changed since. A SKU another product has is a 409. Only admins may change `is_featured`, or put back on sale a product an admin took off sale (403). Audited with each changed field's value before and after.";

// GET /api/products/{id}/ — one product, if the caller may see it (404 otherwise); ETag for If-Match on writes
export const GET = withApi(
  {
    auth: "public",
    keyScopes: ["products:write", "products:manage"],
    params: productIdParams,
    doc: {
      summary: "Get a product",
      description:
        "An active product for everyone; an inactive one only for its seller and admins (404 for others). The owner and admins also see the stock threshold, the admin hold and the image's moderation state. The ETag is the product's version, for `If-Match` on writes.",
      tags: ["products"],
      responses: { 200: productDetailSchema },
      responseHeaders: { 200: ["ETag"] },
      errors: [404],
    },
  },
  async ({ principal, params }) => {
    const product = await getProductOrThrow(principal, params.id);
    return jsonResponse(serializeProductDetail(product, principal), {
      headers: { etag: productEtag(product.version) },
    });
  },
);

/** PUT and PATCH: the same update (PUT's schema requires the whole product; an omitted optional field is kept). */
async function update({
  req,
  principal,
  params,
  body,
  requestId,
}: {
  req: Request;
  principal: Principal;
  params: { id: number };
  body: Parameters<typeof updateProduct>[2];
  requestId: string;
}) {
  const product = await updateProduct(
    principal,
    params.id,
    body,
    req.headers.get("if-match"),
    requestMeta(req.headers, requestId),
  );
  return jsonResponse(serializeProductDetail(product, principal), {
    headers: { etag: productEtag(product.version) },
  });
}

// PUT /api/products/{id}/ — name, sku and price required; omitted optional fields keep their values (owner or admin; If-Match honoured)
export const PUT = withApi(
  {
    permission: "products:write",
    params: productIdParams,
    body: putProductSchema,
    doc: {
      summary: "Replace a product",
      description: `\`name\`, \`sku\` and \`price\` are required; an optional field left out keeps its current value (it is not reset). ${WRITE_RULES}`,
      tags: ["products"],
      responses: { 200: productDetailSchema },
      requestHeaders: ["If-Match"],
      responseHeaders: { 200: ["ETag"] },
      errors: [404, 409, 412],
    },
  },
  update,
);

// PATCH /api/products/{id}/ — change some fields (owner or admin; If-Match honoured, 412 when stale)
export const PATCH = withApi(
  {
    permission: "products:write",
    params: productIdParams,
    body: patchProductSchema,
    doc: {
      summary: "Update some fields of a product",
      description: `Send at least one field; the others keep their values. ${WRITE_RULES}`,
      tags: ["products"],
      responses: { 200: productDetailSchema },
      requestHeaders: ["If-Match"],
      responseHeaders: { 200: ["ETag"] },
      errors: [404, 409, 412],
    },
  },
  update,
);

// DELETE /api/products/{id}/ — soft delete: the product is deactivated (owner or admin)
export const DELETE = withApi(
  {
    permission: "products:write",
    params: productIdParams,
    doc: {
      summary: "Deactivate a product",
      description:
        "A soft delete: the product leaves the storefront; its orders and history stay. The owner or an admin (someone else's product is a 404); `If-Match` honoured (412 when stale). When an admin takes down someone else's product, its seller cannot put it back on sale. Audited.",
      tags: ["products"],
      responses: { 200: detailResponse },
      requestHeaders: ["If-Match"],
      errors: [404, 412],
    },
  },
  async ({ req, principal, params, requestId }) => {
    await deactivateProduct(
      principal,
      params.id,
      req.headers.get("if-match"),
      requestMeta(req.headers, requestId),
    );
    return jsonResponse({ detail: "Product deactivated successfully." });
  },
);
