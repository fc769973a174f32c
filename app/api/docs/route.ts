import { withApi } from "@/lib/http/with-api";
import { renderDocsHtml } from "@/lib/openapi/render-docs";
import { openApiDocument } from "@/lib/openapi/spec";

let page: string | undefined;

// GET /api/docs/ — the API reference, rendered here from the OpenAPI document (no script, no CDN)
export const GET = withApi(
  {
    auth: "public",
    doc: { summary: "The API reference page", description: "Every operation of /api/openapi.json as HTML.", tags: ["meta"], responses: { 200: { contentType: "text/html", description: "The reference page" } } },
  },
  async () => {
    page ??= renderDocsHtml((await openApiDocument()) as Parameters<typeof renderDocsHtml>[0]);
    return new Response(page, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=300" } });
  },
);
