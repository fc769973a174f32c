import { createProduct } from "@/lib/catalog/mutations";
import { listProducts } from "@/lib/catalog/queries";
import { createProductSchema, productListQuery } from "@/lib/catalog/schemas";
import { productEtag } from "@/lib/catalog/etag";
import {
  productDetailSchema,
  productListItemSchema,
  serializeProductDetail,
  serializeProductListItem,
} from "@/lib/catalog/serializers";
import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { paginated } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/products/ — list the products the caller may see (search, filters, ordering, pagination)
export const GET = withApi(
  {
    auth: "public",
    keyScopes: ["products:write", "products:manage"],
    query: productListQuery,
    doc: {
      summary: "List products",
      description:
        "Active products for everyone; a seller also sees their own inactive ones, an admin every product. `search` is ranked full-text search over name, SKU and description.",
      tags: ["products"],
      responses: { 200: paginated(productListItemSchema) },
      errors: [404],
    },
  },
  async ({ principal, query, url }) => {
    const { count, rows } = await listProducts(principal, query);
    return jsonResponse(
      buildPage(url.href, query.page, query.page_size, count, rows.map(serializeProductListItem)),
    );
  },
);

// POST /api/products/ — a seller (or admin) creates a product they own
export const POST = withApi(
  {
    permission: "products:write",
    body: createProductSchema,
    doc: {
      summary: "Create a product",
      tags: ["products"],
      responses: { 201: productDetailSchema },
      responseHeaders: { 201: ["ETag", "Location"] },
      errors: [409],
    },
  },
  async ({ req, principal, body, requestId }) => {
    const product = await createProduct(principal, body, requestMeta(req.headers, requestId));
    return jsonResponse(serializeProductDetail(product, principal), {
      status: 201,
      headers: { etag: productEtag(product.version), location: `/api/products/${product.id}/` },
    });
  },
);
