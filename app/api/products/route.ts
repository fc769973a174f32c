import { listProducts } from "@/lib/catalog/queries";
import { productListQuery } from "@/lib/catalog/schemas";
import { serializeProductListItem } from "@/lib/catalog/serializers";
import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";

// GET /api/products/ — list the products the caller may see (search, filters, ordering, pagination)
export const GET = withApi({ auth: "public", query: productListQuery }, async ({ principal, query, url }) => {
  const { count, rows } = await listProducts(principal, query);
  return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeProductListItem)));
});
