import { z } from "zod";
import { auditApiKeyFailure, auditApiKeyUse, resolveCaller } from "@/lib/auth/api-keys/authenticate";
import type { Principal } from "@/lib/auth/principal";
import type { Permission } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { faultsActive, injectFault } from "@/lib/monitoring/faults";
import { assertWritable, READ_ONLY_EXEMPT } from "@/lib/monitoring/read-only-gate";
import { recordApiRequest } from "@/lib/monitoring/record-request";
import { attachOperation, type ApiDoc, type Undocumented } from "@/lib/openapi/doc";
import { rateLimitHeaders } from "@/lib/ratelimit/headers";
import { checkLimits } from "@/lib/ratelimit/limiter";
import { policiesFor, policy } from "@/lib/ratelimit/policies";
import { requestMeta } from "@/lib/security/request-meta";
import { isSafeMethod, isTrustedOrigin } from "@/lib/security/csrf";
import { ApiError, fieldErrorsFromIssues, problemResponse, validationError } from "./problem";
import { readJsonBody } from "./read-body";

type AnySchema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type ApiOptions<P, Q, B> = {
  /** "public": anyone may call; "user": a signed-in principal is required. Defaults to "user" (fails closed). */
  auth?: "public" | "user";
  /** Required permission; implies auth "user". An API key must hold it as a scope. */
  permission?: Permission;
  /**
   * API keys. A route with a `permission` takes a key that holds it as a scope. A signed-in route without one
   * (account self-service: profile, password, sessions, second factors, keys themselves) refuses keys unless it
   * lists here the scopes of which a key must hold one (GET /api/orders/: any order permission). A public route
   * serves a key's owner as the owner (their private view) only when the key holds one of these scopes; any other
   * key is served as an anonymous caller (still checked, limited and audited).
   */
  keyScopes?: readonly Permission[];
  /** Authenticated by other means (the internal endpoints' signature): no credential is even looked at. */
  ignoreCredentials?: true;
  /** The route's entry in the OpenAPI document (lib/openapi/doc.ts). */
  doc: ApiDoc | Undocumented;
  params?: P;
  query?: Q;
  body?: B;
};

export type ApiContext<P, Q, B, Pr> = {
  req: Request;
  url: URL;
  requestId: string;
  principal: Pr;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
};

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

function parseOrThrow<S extends AnySchema>(schema: S, input: unknown, where: "params" | "query" | "body"): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrorsFromIssues(result.error.issues);
  throw validationError(errors, `Invalid ${where === "body" ? "request body" : where === "query" ? "query parameter" : "path parameter"}: ${Object.keys(errors).join(", ")}.`);
}

/**
 * The one entry point of every API route: parse → authorize → handler → JSON, with problem+json errors.
 *   export const GET = withApi({ auth: "public", query: productListQuery }, async ({ query }) => …)
 * Unknown errors become a 500 that carries only a request id; the details go to the log.
 */
export function withApi<
  P extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  B extends AnySchema | undefined = undefined,
  A extends "public" | "user" = "user",
>(
  options: ApiOptions<P, Q, B> & { auth?: A },
  handler: (
    ctx: ApiContext<P, Q, B, A extends "public" ? Principal | null : Principal>,
  ) => Promise<Response> | Response,
) {
  const needsPrincipal = options.auth !== "public" || options.permission !== undefined;
  const acceptsApiKey = !needsPrincipal || options.permission !== undefined || options.keyScopes !== undefined;
  async function route(req: Request, routeContext?: RouteContext): Promise<Response> {
    const requestId = crypto.randomUUID();
    const started = performance.now();
    let rawParams: Awaited<RouteContext["params"]> | undefined;
    let response: Response;
    let principal: Principal | null = null;
    let keyCaller: Principal | null = null;
    try {
      const url = new URL(req.url);
      rawParams = routeContext ? await routeContext.params : {};
      // fault-injection drills (lib/monitoring/faults.ts): one size check while none is set
      if (faultsActive()) await injectFault(req, rawParams);
      const params = options.params ? parseOrThrow(options.params, rawParams, "params") : undefined;
      const query = options.query ? parseOrThrow(options.query, queryObject(url), "query") : undefined;

      if (!options.ignoreCredentials) {
        principal = await callerOf(req, requestId);
        keyCaller = principal?.via === "api_key" ? principal : null;
        if (keyCaller) principal = await admitApiKey(req, url, keyCaller, { acceptsApiKey, needsPrincipal, keyScopes: options.keyScopes });
      }
      if (needsPrincipal && !principal) {
        throw new ApiError("unauthenticated", "Authentication credentials were not provided.", {
          headers: { "www-authenticate": 'Bearer realm="api"' },
        });
      }
      if (principal?.via === "cookie" && !isSafeMethod(req.method) && !isTrustedOrigin(req.headers)) {
        throw new ApiError("forbidden", "Cross-site request refused: the Origin is not this shop.");
      }
      if (options.permission && !principal?.permissions.has(options.permission)) {
        throw new ApiError("forbidden", "You do not have permission to perform this action.");
      }

      if (!isSafeMethod(req.method) && !READ_ONLY_EXEMPT.test(url.pathname)) await assertWritable();

      const body = options.body ? parseOrThrow(options.body, await readJsonBody(req), "body") : undefined;

      response = await handler({
        req,
        url,
        requestId,
        principal: principal as A extends "public" ? Principal | null : Principal,
        params: params as Out<P>,
        query: query as Out<Q>,
        body: body as Out<B>,
      });
      response.headers.set("x-request-id", requestId);
    } catch (error) {
      response = errorResponse(error, requestId, req);
    }
    if (keyCaller) await auditApiKeyUse(keyCaller, req, response.status, requestMeta(req.headers, requestId));
    // monitoring: route pattern, method, status, time to the response (in memory; flushed by lib/monitoring)
    recordApiRequest(req, rawParams, response.status, performance.now() - started);
    return response;
  }
  return attachOperation(route, {
    doc: options.doc,
    auth: needsPrincipal ? "user" : "public",
    permission: options.permission,
    keyScopes: options.keyScopes,
    acceptsApiKey,
    params: options.params,
    query: options.query,
    body: options.body,
  });
}

/**
 * The caller: an API key when the request presents one (a key that does not check out is a 401, even on a public
 * route, so an integration never silently runs anonymous), else a bearer token or the session cookie.
 */
async function callerOf(req: Request, requestId: string): Promise<Principal | null> {
  const meta = requestMeta(req.headers, requestId);
  const result = await resolveCaller(req, meta);
  if ("principal" in result) return result.principal;
  const flood = await checkLimits([policy("api.key.rejected")], { ip: meta.ip, userId: null, account: null });
  if (!flood || flood.success) await auditApiKeyFailure(result.failure, result.presented, meta, result);
  throw new ApiError("unauthenticated", result.failure === "expired" ? "This API key has expired." : "Invalid API key.", {
    headers: { "www-authenticate": 'Bearer realm="api", error="invalid_token"' },
  });
}

/**
 * A verified key. The route must take keys, the key must hold a scope the route needs, and the key's limits must
 * allow the request: its own (`api.key`), and the owner's — the endpoint's per-user policies and `api.user`, shared
 * by all of the owner's keys and sessions (the edge cannot count key requests per user: it cannot check a key).
 * Returns the principal the handler sees: the key's owner, or null (anonymous) on a public route the key has no
 * scope for.
 */
async function admitApiKey(
  req: Request,
  url: URL,
  principal: Principal,
  route: { acceptsApiKey: boolean; needsPrincipal: boolean; keyScopes: readonly Permission[] | undefined },
): Promise<Principal | null> {
  if (!route.acceptsApiKey) throw new ApiError("forbidden", "API keys cannot be used for this endpoint; sign in instead.");
  const scoped = route.keyScopes?.some((s) => principal.permissions.has(s)) ?? false;
  if (route.needsPrincipal && route.keyScopes && !scoped) {
    throw new ApiError("forbidden", `This API key needs one of these scopes: ${route.keyScopes.join(", ")}.`);
  }
  const perKey = { ...policy("api.key"), limit: env().API_KEY_RATE_LIMIT_PER_HOUR };
  const decision = await checkLimits([...policiesFor(req.method, url.pathname, true), perKey], {
    ip: null,
    userId: String(principal.userId),
    account: null,
    apiKey: principal.apiKey!.id,
  });
  if (decision && !decision.success) {
    const headers = rateLimitHeaders(decision);
    throw new ApiError("rate_limited", `Rate limit exceeded (${decision.policy}). Retry after ${headers["RateLimit-Reset"]} seconds.`, {
      headers: { ...headers, "Retry-After": headers["RateLimit-Reset"]! },
    });
  }
  return route.needsPrincipal || scoped ? principal : null;
}

export function errorResponse(error: unknown, requestId: string, req?: Request): Response {
  if (error instanceof ApiError) return problemResponse(error, requestId);
  log.error("unhandled error in API route", {
    request_id: requestId,
    method: req?.method,
    path: req ? new URL(req.url).pathname : undefined,
    ...errorFields(error),
  });
  return problemResponse(
    new ApiError("internal_error", "An unexpected error occurred. Quote the request id when reporting it."),
    requestId,
  );
}
