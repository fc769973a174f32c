/** RFC 9457 problem details: the one error contract of the API and of server actions. */

export type ProblemCode =
  | "bad_request"
  | "validation_error"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "precondition_failed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "rate_limited"
  | "internal_error"
  | "service_unavailable";

const TABLE: Record<ProblemCode, { status: number; title: string }> = {
  bad_request: { status: 400, title: "Bad Request" },
  validation_error: { status: 400, title: "Invalid request" },
  unauthenticated: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not Found" },
  method_not_allowed: { status: 405, title: "Method Not Allowed" },
  conflict: { status: 409, title: "Conflict" },
  precondition_failed: { status: 412, title: "Precondition Failed" },
  payload_too_large: { status: 413, title: "Payload Too Large" },
  unsupported_media_type: { status: 415, title: "Unsupported Media Type" },
  unprocessable: { status: 422, title: "Unprocessable Content" },
  rate_limited: { status: 429, title: "Too Many Requests" },
  internal_error: { status: 500, title: "Internal Server Error" },
  service_unavailable: { status: 503, title: "Service Unavailable" },
};

export type FieldErrors = Record<string, string[]>;

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldErrors;
  request_id?: string;
  [extension: string]: unknown;
};

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly options: { errors?: FieldErrors; extensions?: Record<string, unknown>; headers?: HeadersInit } = {},
  ) {
    super(detail);
    this.name = "ApiError";
    const entry = TABLE[code];
    this.status = entry.status;
    this.title = entry.title;
  }

  toBody(requestId?: string): ProblemBody {
    return {
      ...this.options.extensions,
      type: `/problems/${this.code.replace(/_/g, "-")}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(this.options.errors ? { errors: this.options.errors } : {}),
      ...(requestId ? { request_id: requestId } : {}),
    };
  }
}

export function problemResponse(error: ApiError, requestId?: string, extraHeaders?: HeadersInit): Response {
  const headers = new Headers(error.options.headers);
  headers.set("content-type", "application/problem+json");
  headers.set("cache-control", "no-store");
  if (requestId) headers.set("x-request-id", requestId);
  new Headers(extraHeaders).forEach((v, k) => headers.set(k, v));
  return new Response(JSON.stringify(error.toBody(requestId)), { status: error.status, headers });
}

/** Field errors from a zod issue list, keyed by dotted path ("items.0.quantity"); "non_field_errors" for the root. */
export function fieldErrorsFromIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: string[] }>,
  prefix?: string,
): FieldErrors {
  const out: FieldErrors = {};
  const add = (key: string, message: string) => (out[key] ??= []).push(message);
  for (const issue of issues) {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys" && issue.keys) {
      for (const k of issue.keys) add([prefix, base, k].filter(Boolean).join("."), "Unknown field.");
      continue;
    }
    add([prefix, base].filter(Boolean).join(".") || "non_field_errors", issue.message);
  }
  return out;
}

export function validationError(errors: FieldErrors, detail?: string): ApiError {
  const fields = Object.keys(errors);
  return new ApiError("validation_error", detail ?? `Invalid value for: ${fields.join(", ")}.`, { errors });
}
