import { withApi } from "@/lib/http/with-api";
import { DOCS_CSS } from "@/lib/openapi/render-docs";

// GET /api/docs/style.css — the reference page's stylesheet (its CSP allows styles from this origin only)
export const GET = withApi({ auth: "public", doc: { undocumented: "the stylesheet of the reference page, not an API operation" } }, () => {
  return new Response(DOCS_CSS, { headers: { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" } });
});
