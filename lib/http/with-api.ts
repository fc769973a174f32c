import { z } from "zod";
import { resolvePrincipal, type Principal } from "@/lib/auth/principal";
import type { Permission } from "@/lib/auth/permissions";
import { errorFields, log } from "@/lib/log";
import { faultsActive, injectFault } from "@/lib/monitoring/faults";
import { assertWritable, READ_ONLY_EXEMPT } from "@/lib/monitoring/read-only-gate";
import { recordApiRequest } from "@/lib/monitoring/record-request";
import { isSafeMethod, isTrustedOrigin } from "@/lib/security/csrf";
import { ApiError, fieldErrorsFromIssues, problemResponse, validationError } from "./problem";
import { readJsonBody } from "./read-body";

type AnySchema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type ApiOptions<P, Q, B> = {
  /** "public": anyone may call; "user": a signed-in principal is required. Defaults to "user" (fails closed). */
  auth?: "public" | "user";
  /** Required permission; implies auth "user". */
  permission?: Permission;
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
  return async function route(req: Request, routeContext?: RouteContext): Promise<Response> {
    const requestId = crypto.randomUUID();
    const started = performance.now();
    let rawParams: Awaited<RouteContext["params"]> | undefined;
    let response: Response;
    try {
      const url = new URL(req.url);
      rawParams = routeContext ? await routeContext.params : {};
      // fault-injection drills (lib/monitoring/faults.ts): one size check while none is set
      if (faultsActive()) await injectFault(req, rawParams);
      const params = options.params ? parseOrThrow(options.params, rawParams, "params") : undefined;
      const query = options.query ? parseOrThrow(options.query, queryObject(url), "query") : undefined;

      const principal = await resolvePrincipal(req);
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
    // monitoring: route pattern, method, status, time to the response (in memory; flushed by lib/monitoring)
    recordApiRequest(req, rawParams, response.status, performance.now() - started);
    return response;
  };
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
