import { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { openApiDocument } from "@/lib/openapi/spec";

const openApiSchema = z.looseObject({ openapi: z.literal("3.1.0"), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });

// GET /api/openapi.json — this API's OpenAPI 3.1 document, generated from the routes' own zod schemas
export const GET = withApi(
  {
    auth: "public",
    doc: { summary: "The OpenAPI 3.1 document", description: "Generated from the same zod schemas the handlers validate with.", tags: ["meta"], responses: { 200: openApiSchema } },
  },
  async () => jsonResponse(await openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
);
