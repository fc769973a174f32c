import { ApiError } from "@/lib/http/problem";
import { idempotencyKeySchema } from "./schemas";

/** The optional `Idempotency-Key` request header, validated (400 when malformed). */
export function idempotencyKeyFrom(headers: Headers): string | undefined {
  const raw = headers.get("idempotency-key");
  if (raw === null) return undefined;
  const parsed = idempotencyKeySchema.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid Idempotency-Key";
    throw new ApiError("validation_error", message, { errors: { "Idempotency-Key": [message] } });
  }
  return parsed.data;
}
