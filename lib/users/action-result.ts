import type { z } from "zod";
import { ApiError, fieldErrorsFromIssues, type FieldErrors } from "@/lib/http/problem";
import { errorFields, log } from "@/lib/log";

/** What the admin pages' server actions answer: the API's problem shape, minus what a form has no use for. */
export type ActionResult = { ok: true } | { ok: false; detail: string; errors?: FieldErrors };

export type FormAction = (state: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/** Parses form input with the same zod schema the API uses; a failure becomes an ActionError with field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrorsFromIssues(result.error.issues);
  throw new ApiError("validation_error", `Invalid value for: ${Object.keys(errors).join(", ")}.`, { errors });
}

/** Known errors keep their message; anything else is logged and answered without internal detail, like the API. */
export function actionError(error: unknown): ActionResult {
  if (error instanceof ApiError) {
    return { ok: false, detail: error.detail, ...(error.options.errors ? { errors: error.options.errors } : {}) };
  }
  log.error("unhandled error in server action", errorFields(error));
  return { ok: false, detail: "An unexpected error occurred. Please try again." };
}
