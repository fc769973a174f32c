import { env } from "@/lib/env";
import { generateOpenApi } from "./generate";
import type { JsonSchema } from "./operation-schemas";

let cached: Promise<JsonSchema> | undefined;

/**
 * The document for this deployment, built once per process from the route modules' own `withApi` options. The
 * route list is imported lazily: it imports every route module, this one's callers included.
 */
export function openApiDocument(): Promise<JsonSchema> {
  cached ??= import("./routes").then(({ ROUTES }) => generateOpenApi(ROUTES, env().APP_URL));
  return cached;
}
