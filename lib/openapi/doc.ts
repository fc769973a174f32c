import { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

/**
 * What a route tells the OpenAPI document about itself, next to its handler (`withApi({ …, doc })`). Parameters,
 * query and body come from the same zod schemas `withApi` parses with; this adds what parsing cannot know: the
 * summary, the success bodies (zod schemas the serializers are typed against) and the error statuses the handler
 * itself can produce. lib/openapi/generate.ts turns it into the document; tests validate real responses against it.
 */

/** A success body that is not JSON: a file, an event stream, a CSV export. */
export type RawContent = { contentType: string; description: string; binary?: boolean };

export type SuccessBody = z.ZodType | RawContent | null;

/** Headers documented once in components (lib/openapi/generate.ts) and referred to by name. */
export const REQUEST_HEADERS = ["Idempotency-Key", "If-Match"] as const;
export const RESPONSE_HEADERS = ["ETag", "Idempotent-Replayed", "Location", "Allow", "Content-Disposition"] as const;
export type RequestHeaderName = (typeof REQUEST_HEADERS)[number];
export type ResponseHeaderName = (typeof RESPONSE_HEADERS)[number];

/** Statuses a handler may answer with a problem, beyond the ones withApi's options imply (see automaticErrors). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 412 | 413 | 415 | 422 | 428 | 429 | 503;

export type ApiDoc = {
  summary: string;
  description?: string;
  tags: [string, ...string[]];
  /** Success statuses and their bodies; `null` for no body (204). */
  responses: Partial<Record<200 | 201 | 202 | 204, SuccessBody>>;
  errors?: ErrorStatus[];
  requestHeaders?: RequestHeaderName[];
  responseHeaders?: Partial<Record<200 | 201 | 202 | 204, ResponseHeaderName[]>>;
  /** A body that is not JSON (multipart upload). Overrides the JSON body from `withApi`'s `body` option. */
  requestBody?: RawContent & { required: boolean };
  deprecated?: boolean;
};

/**
 * A route that is deliberately not in the document, with the reason (the coverage test prints it): the catch-all
 * 404, the internal endpoints only this app's own middleware calls.
 */
export type Undocumented = { undocumented: string };

export type OperationMeta = {
  doc: ApiDoc | Undocumented;
  auth: "public" | "user";
  permission?: Permission;
  /** Scopes of which an API key must hold one to call a route that has no `permission` (see withApi). */
  keyScopes?: readonly Permission[];
  acceptsApiKey: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
};

const META = Symbol.for("secure-shop.openapi.operation");

export function attachOperation<F extends object>(fn: F, meta: OperationMeta): F {
  Object.defineProperty(fn, META, { value: meta, enumerable: false });
  return fn;
}

export function operationOf(fn: unknown): OperationMeta | undefined {
  if (typeof fn !== "function") return undefined;
  return (fn as unknown as Record<symbol, OperationMeta | undefined>)[META];
}

export function isDocumented(doc: ApiDoc | Undocumented): doc is ApiDoc {
  return !("undocumented" in doc);
}

// ---- schemas shared by many responses ----

/** ISO 8601 timestamps as the serializers write them (Date#toISOString). */
export const isoTimestamp = z.iso.datetime({ offset: true });

/** DRF's PageNumberPagination envelope. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int().min(0),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });
}

/** `{ "detail": "…" }`: the plain acknowledgement many actions answer with. */
export const detailResponse = z.object({ detail: z.string() });
