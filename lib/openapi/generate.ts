import { z } from "zod";
import { SCOPES_NOT_FOR_KEYS } from "@/lib/auth/api-keys/schemas";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { MAX_JSON_BODY_BYTES } from "@/lib/http/read-body";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "@/lib/http/pagination";
import { isDocumented, operationOf, type ApiDoc, type OperationMeta, type SuccessBody } from "./doc";
import { errorStatusesFor, isRawContent, jsonSchemaOf, objectFields, type JsonSchema } from "./operation-schemas";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type RouteModule = Partial<Record<(typeof METHODS)[number], unknown>> & Record<string, unknown>;
export type RouteEntry = { path: string; module: RouteModule };

/** RFC 9457 problem details as every error of the API is written (lib/http/problem.ts); extensions allowed. */
export const problemSchema = z.looseObject({
  type: z.string().describe("A relative URI naming the kind of problem, e.g. /problems/validation-error"),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().describe("What went wrong, for a human"),
  request_id: z.uuid().optional().describe("Quote it when reporting a problem; also in the X-Request-Id header"),
  errors: z.record(z.string(), z.array(z.string())).optional().describe('Per-field messages, keyed by dotted path ("items.0.quantity"); "non_field_errors" for the whole body'),
});

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input: a path parameter, query parameter or body field (see `errors`), or a malformed request",
  401: "No credentials, or credentials that are not valid (expired or revoked token, unknown, expired or revoked API key)",
  403: "Authenticated but not allowed: missing permission or API-key scope, a cross-site cookie request, or an API key on an endpoint that takes none",
  404: "Not found, or not yours to see (other people's resources are 404, never 403)",
  405: "Method not allowed on this resource (see the Allow header)",
  409: "Conflict with the current state (duplicate, out of stock, state transition not allowed)",
  410: "Gone",
  412: "If-Match did not match the current ETag: the resource changed since you read it",
  413: `Body too large (JSON bodies: at most ${MAX_JSON_BODY_BYTES} bytes)`,
  415: "Unsupported media type: send application/json",
  422: "Understood but cannot be processed (e.g. an Idempotency-Key reused with a different body)",
  428: "Precondition required",
  429: "Rate limit exceeded: see Retry-After and the RateLimit-* headers",
  500: "Unexpected error: the body carries only a request id",
  503: "Temporarily unavailable (the shop is in read-only mode, or a dependency is down)",
};

const SUCCESS_TEXT: Record<number, string> = { 200: "OK", 201: "Created", 202: "Accepted", 204: "No content" };

function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\//, "")
    .split(/[/{}._-]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words].join("_");
}

function successResponse(status: number, body: SuccessBody, doc: ApiDoc): JsonSchema {
  const headers: JsonSchema = { "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" }, ...rateHeaders() };
  for (const h of doc.responseHeaders?.[status as 200] ?? []) headers[h] = { $ref: `#/components/headers/${h}` };
  const out: JsonSchema = { description: SUCCESS_TEXT[status] ?? "Success", headers };
  if (body === null) return out;
  if (isRawContent(body)) {
    out.description = body.description;
    out.content = { [body.contentType]: { schema: body.binary ? { type: "string", contentMediaType: "application/octet-stream" } : { type: "string" } } };
    return out;
  }
  out.content = { "application/json": { schema: jsonSchemaOf(body, "output") } };
  return out;
}

function rateHeaders(): JsonSchema {
  return {
    "RateLimit-Limit": { $ref: "#/components/headers/RateLimit-Limit" },
    "RateLimit-Remaining": { $ref: "#/components/headers/RateLimit-Remaining" },
    "RateLimit-Reset": { $ref: "#/components/headers/RateLimit-Reset" },
  };
}

/** A key can reach the operation at all: it takes keys, and its permission is one a key may hold. */
function takesKeys(op: OperationMeta): boolean {
  return op.acceptsApiKey && !(op.permission && SCOPES_NOT_FOR_KEYS.includes(op.permission));
}

function security(op: OperationMeta): JsonSchema[] {
  const scopes = (op.permission ? [op.permission] : [...(op.keyScopes ?? [])]).filter((s) => !SCOPES_NOT_FOR_KEYS.includes(s));
  const signedIn: JsonSchema[] = [{ bearerAuth: [] }, { cookieAuth: [] }];
  if (takesKeys(op)) {
    // one requirement per scope: in OpenAPI the scopes of one requirement are all needed, and a key needs any one
    const alternatives = scopes.length > 1 ? scopes.map((s) => [s]) : [scopes];
    for (const list of alternatives) signedIn.push({ apiKeyHeader: list }, { apiKeyBearer: list });
  }
  // `{}` first: no credentials needed (a signed-in caller may see more)
  return op.auth === "public" ? [{}, ...signedIn] : signedIn;
}

function describeAccess(op: OperationMeta, doc: ApiDoc): string {
  const lines = [doc.description ?? ""];
  if (op.auth === "public") lines.push("**Access:** anyone; signing in may show more.");
  else if (op.permission) lines.push(`**Access:** permission \`${op.permission}\`${takesKeys(op) ? " (an API key needs it as a scope)" : ""}.`);
  else lines.push("**Access:** any signed-in user.");
  const scopes = op.keyScopes?.map((s) => `\`${s}\``).join(", ");
  if (!takesKeys(op)) lines.push("API keys are refused here: this needs a person who signed in.");
  else if (op.auth === "public") lines.push(scopes ? `An API key acts as its owner here only with one of: ${scopes}; any other valid key is served as an anonymous caller.` : "An API key is checked (an invalid one is 401) but served as an anonymous caller.");
  else if (op.keyScopes) lines.push(`An API key needs one of: ${scopes}.`);
  return lines.filter(Boolean).join("\n\n");
}

export function buildOperation(method: string, path: string, op: OperationMeta & { doc: ApiDoc }): JsonSchema {
  const { doc } = op;
  const parameters: JsonSchema[] = [];
  if (op.params) for (const f of objectFields(op.params, "input")) parameters.push({ name: f.name, in: "path", required: true, schema: f.schema });
  if (op.query) for (const f of objectFields(op.query, "input")) parameters.push({ name: f.name, in: "query", required: f.required, schema: f.schema });
  for (const h of doc.requestHeaders ?? []) parameters.push({ $ref: `#/components/parameters/${h}` });

  const responses: JsonSchema = {};
  for (const [status, body] of Object.entries(doc.responses)) responses[status] = successResponse(Number(status), body as SuccessBody, doc);
  for (const status of errorStatusesFor(op, method)) responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };

  const operation: JsonSchema = {
    operationId: operationId(method, path),
    summary: doc.summary,
    description: describeAccess(op, doc),
    tags: doc.tags,
    security: security(op),
    responses,
  };
  if (op.permission) operation["x-permission"] = op.permission;
  if (parameters.length) operation.parameters = parameters;
  if (doc.deprecated) operation.deprecated = true;
  if (doc.requestBody) {
    operation.requestBody = { required: doc.requestBody.required, description: doc.requestBody.description, content: { [doc.requestBody.contentType]: { schema: { type: "string", contentMediaType: "application/octet-stream" } } } };
  } else if (op.body) {
    const schema = jsonSchemaOf(op.body, "input");
    operation.requestBody = { required: Array.isArray(schema.required) && schema.required.length > 0, content: { "application/json": { schema } } };
  }
  return operation;
}

function components(): JsonSchema {
  const problemResponses: JsonSchema = {};
  for (const [status, text] of Object.entries(STATUS_TEXT)) {
    const headers: JsonSchema = { "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" } };
    if (status === "429") Object.assign(headers, rateHeaders(), { "Retry-After": { $ref: "#/components/headers/Retry-After" } });
    if (status === "401") headers["WWW-Authenticate"] = { description: "Bearer challenge", schema: { type: "string" } };
    if (status === "405") headers.Allow = { $ref: "#/components/headers/Allow" };
    problemResponses[`Problem${status}`] = { description: text, headers, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
  }
  const header = (description: string, schema: JsonSchema = { type: "string" }) => ({ description, schema });
  return {
    schemas: { Problem: jsonSchemaOf(problemSchema, "output") },
    responses: problemResponses,
    parameters: {
      "Idempotency-Key": {
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description: "Makes a retry safe: the same key with the same body within 24 hours returns the first result (with `Idempotent-Replayed: true`); with another body, 422.",
        schema: { type: "string", minLength: 1, maxLength: 255 },
      },
      "If-Match": {
        name: "If-Match",
        in: "header",
        required: false,
        description: "The ETag you read. When it no longer matches the resource, the change is refused with 412 instead of overwriting someone else's.",
        schema: { type: "string" },
      },
    },
    headers: {
      "X-Request-Id": header("This request's id (also in problem bodies)", { type: "string", format: "uuid" }),
      "RateLimit-Limit": header("Requests allowed in the current window of the tightest policy that applies", { type: "integer" }),
      "RateLimit-Remaining": header("Requests left in that window", { type: "integer" }),
      "RateLimit-Reset": header("Seconds until that window resets", { type: "integer" }),
      "Retry-After": header("Seconds to wait before retrying", { type: "integer" }),
      ETag: header("The resource's version; send it back in If-Match"),
      "Idempotent-Replayed": header("`true` when this is the stored result of an earlier request with the same Idempotency-Key"),
      Location: header("The URL of the created resource"),
      Allow: header("The methods this resource supports"),
      "Content-Disposition": header("`attachment` (or `inline` for images) with the sanitised file name"),
    },
    securitySchemes: {
      bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An access token from POST /api/auth/token/ or /api/auth/login/ (15 minutes; refresh with POST /api/auth/token/refresh/)." },
      cookieAuth: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser session (`__Secure-authjs.session-token` over https). Unsafe methods must come from this shop's Origin." },
      apiKeyHeader: { type: "apiKey", in: "header", name: "X-API-Key", description: "An API key from POST /api/auth/api-keys/. Scopes are permission codes; a key acts with the scopes its owner still holds." },
      apiKeyBearer: { type: "http", scheme: "bearer", bearerFormat: "shop_ API key", description: "The same API key sent as `Authorization: Bearer shop_…`." },
    },
  };
}

const DESCRIPTION = [
  "The JSON API of the shop. Paths and field names are those of the original Django REST Framework API, so its clients keep working.",
  `**Errors** are RFC 9457 problem details (\`application/problem+json\`) with a \`request_id\`; invalid input adds per-field \`errors\`.`,
  `**Lists** are paginated like DRF's PageNumberPagination: \`?page=\` (from 1) and \`?page_size=\` (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}); the body is \`{count, next, previous, results}\`.`,
  "**Rate limits** are per IP, per user and per API key; every response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`, and a 429 adds `Retry-After`.",
  "**Authentication**: a JWT access token (`Authorization: Bearer`), the browser session cookie, or an API key (`X-API-Key`, or `Authorization: Bearer shop_…`). API keys are accepted only where the operation's security lists them.",
  `**Permissions**: ${Object.keys(PERMISSIONS).map((p) => `\`${p}\``).join(", ")}.`,
].join("\n\n");

/** The OpenAPI 3.1 document of every documented operation of the given routes. */
export function generateOpenApi(routes: RouteEntry[], serverUrl: string): JsonSchema {
  const paths: JsonSchema = {};
  const tags = new Set<string>();
  for (const { path, module } of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const item: JsonSchema = {};
    for (const method of METHODS) {
      const op = operationOf(module[method]);
      if (!op?.doc || !isDocumented(op.doc)) continue;
      item[method.toLowerCase()] = buildOperation(method, path, { ...op, doc: op.doc });
      op.doc.tags.forEach((t) => tags.add(t));
    }
    if (Object.keys(item).length) paths[path] = item;
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: { title: "Secure Shop API", version: "1.0.0", description: DESCRIPTION },
    servers: [{ url: serverUrl }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: components(),
  };
}
