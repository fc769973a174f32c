import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { ValidateFunction } from "ajv";
import { isDocumented, operationOf, type SuccessBody } from "@/lib/openapi/doc";
import { problemSchema } from "@/lib/openapi/generate";
import { errorStatusesFor, isRawContent, jsonSchemaOf } from "@/lib/openapi/operation-schemas";

/**
 * Every response a test gets through `call()` is checked against what the OpenAPI document says of its operation,
 * with the same zod → JSON Schema conversion the document is generated with: the status must be documented, a
 * problem must be a problem, a JSON body must match its schema. A route a test calls that is not documented fails.
 */
/** A JSON Schema 2020-12 validator with the standard formats (date-time, uuid, email …), as the document uses them. */
export function newAjv(options: { allErrors?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, ...options });
  addFormats.default(ajv);
  return ajv;
}

const ajv = newAjv({ allErrors: true });
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = ajv.compile(schema)));
  return v;
}

export function assertConformsToSpec(handler: unknown, method: string, status: number, contentType: string | null, body: unknown, text: string): void {
  const op = operationOf(handler);
  if (!op) throw new Error(`spec: ${method} handler was not built with withApi (no OpenAPI operation)`);
  if (!isDocumented(op.doc)) return;
  const where = `${method} "${op.doc.summary}" → ${status}`;
  if (status >= 400) {
    if (!errorStatusesFor(op, method).includes(status)) throw new Error(`spec: ${where} is not a documented error status (add it to doc.errors)`);
    if (contentType !== "application/problem+json") throw new Error(`spec: ${where} is not application/problem+json (${contentType})`);
    check(validatorFor(jsonSchemaOf(problemSchema, "output")), body, where);
    return;
  }
  const documented = op.doc.responses as Record<number, SuccessBody | undefined>;
  if (!(status in documented)) throw new Error(`spec: ${where} is not a documented success status`);
  const spec = documented[status]!;
  if (spec === null) {
    if (text !== "") throw new Error(`spec: ${where} is documented without a body but has one`);
    return;
  }
  if (isRawContent(spec)) {
    if (!mediaTypeMatches(spec.contentType, contentType)) throw new Error(`spec: ${where} content type ${contentType} is not ${spec.contentType}`);
    return;
  }
  if (!(contentType ?? "").startsWith("application/json")) throw new Error(`spec: ${where} content type ${contentType} is not application/json`);
  check(validatorFor(jsonSchemaOf(spec, "output")), body, where);
}

// a content type against a documented media type or OpenAPI media range ("image/png", "image/ *", "* / *")
function mediaTypeMatches(range: string, actual: string | null): boolean {
  const type = (actual ?? "").split(";")[0]!.trim().toLowerCase();
  if (!type) return false;
  if (range === "*/*") return true;
  if (range.endsWith("/*")) return type.startsWith(range.slice(0, -1));
  return type === range;
}

function check(validate: ValidateFunction, body: unknown, where: string): void {
  if (validate(body)) return;
  const problems = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "(root)"} ${e.message}`);
  throw new Error(`spec: ${where} body does not match the documented schema: ${problems.join("; ")}\n${JSON.stringify(body).slice(0, 600)}`);
}
