import { getProductOrThrow } from "@/lib/catalog/queries";
import { productIdParams } from "@/lib/catalog/schemas";
import { serializeProductDetail } from "@/lib/catalog/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";

// GET /api/products/{id}/ — one product, if the caller may see it (404 otherwise)
export const GET = withApi({ auth: "public", params: productIdParams }, async ({ principal, params }) => {
  const product = await getProductOrThrow(principal, params.id);
  return jsonResponse(serializeProductDetail(product, principal));
});
