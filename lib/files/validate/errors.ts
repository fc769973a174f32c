import { ApiError, type ProblemCode } from "@/lib/http/problem";

/** A refusal of the uploaded file: problem+json with the message under the `file` field, as the original's {file: [...]}. */
export function fileRefused(code: Extract<ProblemCode, "bad_request" | "validation_error" | "payload_too_large" | "unsupported_media_type">, detail: string): ApiError {
  return new ApiError(code, detail, { errors: { file: [detail] } });
}
