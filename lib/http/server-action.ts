import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { currentPrincipal } from "@/lib/auth/page-principal";
import type { Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { errorFields, log } from "@/lib/log";
import { actionRateLimit } from "@/lib/ratelimit/action-limit";
import type { PolicyName } from "@/lib/ratelimit/policies";
import { requestMeta, type RequestMeta } from "@/lib/security/request-meta";
import { assertWritable } from "@/lib/monitoring/read-only-gate";
import { ApiError, fieldErrorsFromIssues, type FieldErrors } from "./problem";

/**
 * The kit every server action is built from. An action is a public POST endpoint: it parses its input with the
 * shared strict zod schema, re-reads the principal from the session row, applies the same named rate limits as the
 * API, calls lib and answers in the problem shape `{ ok: false, detail, errors?, code? }`.
 */

export type ActionFailure = {
  ok: false;
  detail: string;
  errors?: FieldErrors;
  code?: string;
  /** Non-secret fields echoed back so the form keeps what was typed (never a password or token). */
  values?: Record<string, string>;
};
export type ActionResult = { ok: true; detail: string } | ActionFailure;
/** `useActionState` state: null before the first submission. */
export type ActionState = ActionResult | null;

export const FIELDS_ERROR = "Check the highlighted fields.";
export const UNEXPECTED = "Something went wrong. Try again in a moment.";
export const SIGNED_OUT: ActionFailure = { ok: false, detail: "Your session has ended. Sign in again.", code: "unauthenticated" };
export const NOT_ALLOWED: ActionFailure = { ok: false, detail: "You do not have permission to do this.", code: "forbidden" };

/**
 * FormData → plain object for a strict schema: React's own `$ACTION…` fields are dropped, a repeated field
 * becomes an array (refused by the schema), and `fromEntries` defines own properties (no `__proto__` games).
 */
export function formObject(formData: FormData, omit: readonly string[] = []): Record<string, unknown> {
  const entries = new Map<string, FormDataEntryValue[]>();
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION") || omit.includes(key)) continue;
    entries.set(key, [...(entries.get(key) ?? []), value]);
  }
  return Object.fromEntries([...entries].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}

/** The named string fields of a form, cut to 300 characters, to refill it after a failure. */
export function echoFields(formData: FormData, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of names) {
    const value = formData.get(key);
    if (typeof value === "string") out[key] = value.slice(0, 300);
  }
  return out;
}

/** A group of checkboxes sharing a name: one ticked box arrives as a string, several as an array, none as nothing. */
export function checkedBoxes<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (v === undefined ? [] : typeof v === "string" ? [v] : v), schema);
}

export type Parsed<S extends z.ZodType> = { ok: true; data: z.output<S> } | { ok: false; failure: ActionFailure };

/** Parses any input (a FormData or a plain value) with `schema`; a failure names each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, values?: Record<string, string>): Parsed<S> {
  const result = schema.safeParse(input instanceof FormData ? formObject(input) : input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, failure: { ok: false, detail: FIELDS_ERROR, errors: fieldErrorsFromIssues(result.error.issues), code: "validation_error", ...(values ? { values } : {}) } };
}

/** A thrown lib error → the action's failure; unknown errors are logged and answered without internal text. */
export function actionFailure(error: unknown, context = "server action"): ActionFailure {
  if (error instanceof ApiError) {
    const errors = error.options.errors;
    // a field error gets the form's generic line (the fields say what is wrong); any other refusal says why itself
    const generic = errors && error.code === "validation_error";
    return { ok: false, detail: generic ? FIELDS_ERROR : error.detail, code: error.code, ...(errors ? { errors } : {}) };
  }
  unstable_rethrow(error);
  log.error(`${context} failed`, errorFields(error));
  return { ok: false, detail: UNEXPECTED };
}

export async function actionMeta(): Promise<RequestMeta> {
  return requestMeta(await headers());
}

/** The same named limits as the API's endpoints; a refusal is a normal failed result the form shows. */
export async function actionTooMany(names: PolicyName[], who: { userId?: number | null; email?: string | null } = {}): Promise<ActionFailure | null> {
  if (!names.length) return null;
  const wait = await actionRateLimit(names, { ip: (await actionMeta()).ip, ...who });
  return wait === null ? null : { ok: false, detail: `Too many attempts. Try again in ${wait} seconds.`, code: "rate_limited" };
}

/** For actions not built on runUserAction: the read-only refusal as a failed result, or null when writes are open. */
export async function readOnlyFailure(): Promise<ActionFailure | null> {
  try {
    await assertWritable();
    return null;
  } catch (error) {
    return actionFailure(error);
  }
}

export type UserActionContext<T> = { principal: Principal; input: T; meta: RequestMeta };

/**
 * A signed-in action in one call: principal (else SIGNED_OUT), permission (else NOT_ALLOWED), rate limits, strict
 * parse, then `work`; any thrown error becomes the failure.
 *   return runUserAction({ schema, input: formData, permission: "products:write", limits: ["products.update"] }, ({ principal, input, meta }) => …)
 */
export async function runUserAction<S extends z.ZodType, R>(
  options: { schema: S; input: unknown; permission?: Permission; limits?: PolicyName[]; context?: string; allowInReadOnly?: boolean },
  work: (ctx: UserActionContext<z.output<S>>) => Promise<R>,
): Promise<R | ActionFailure> {
  const principal = await currentPrincipal();
  if (!principal) return SIGNED_OUT;
  if (options.permission && !principal.permissions.has(options.permission)) return NOT_ALLOWED;
  const refused = await actionTooMany(options.limits ?? [], { userId: principal.userId });
  if (refused) return refused;
  const parsed = parseInput(options.schema, options.input);
  if (!parsed.ok) return parsed.failure;
  try {
    // every action built on this kit changes something: refused while the shop is read-only, except the console's own
    if (!options.allowInReadOnly) await assertWritable();
    return await work({ principal, input: parsed.data, meta: await actionMeta() });
  } catch (error) {
    return actionFailure(error, options.context);
  }
}
