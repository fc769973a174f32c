import { z } from "zod";
import type { ErrorStatus, OperationMeta, RawContent, SuccessBody } from "./doc";

/**
 * zod → JSON Schema (2020-12, the dialect of OpenAPI 3.1) for one operation: used by the document generator and, the
 * same functions, by the tests that check every real response against what the document says.
 */

export type JsonSchema = Record<string, unknown>;

function toJson(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  delete out.$schema;
  return out;
}

const cache = new WeakMap<z.ZodType, { input?: JsonSchema; output?: JsonSchema }>();

/** Request side (what a client sends: defaults optional, coercions from strings) or response side. */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  let entry = cache.get(schema);
  if (!entry) cache.set(schema, (entry = {}));
  return (entry[io] ??= toJson(schema, io));
}

export function isRawContent(body: SuccessBody): body is RawContent {
  return body !== null && !(body instanceof z.ZodType);
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The problem statuses an operation can answer, from what withApi does with its options, plus the handler's own.
 *   400 params/query/body invalid · 401 credentials missing or invalid (an invalid API key even on public routes)
 *   403 permission, cross-site cookie request, or an API key this route does not take · 413/415 body too large or
 *   not JSON · 429 rate limits (edge, or an API key's own) · 500 always possible · 503 writes in read-only mode.
 */
export function errorStatusesFor(op: OperationMeta, method: string): number[] {
  const statuses = new Set<number>([401, 429, 500]);
  if (op.params || op.query || op.body) statuses.add(400);
  if (op.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (op.auth === "user" || op.permission || UNSAFE.has(method)) statuses.add(403);
  if (UNSAFE.has(method)) statuses.add(503);
  const doc = "undocumented" in op.doc ? undefined : op.doc;
  for (const s of doc?.errors ?? ([] as ErrorStatus[])) statuses.add(s);
  return [...statuses].sort((a, b) => a - b);
}

/** The JSON properties of an object schema (params or query), with whether each is required. */
export function objectFields(schema: z.ZodType, io: "input" | "output"): { name: string; required: boolean; schema: JsonSchema }[] {
  const json = jsonSchemaOf(schema, io);
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({ name, required: required.has(name), schema: s }));
}
