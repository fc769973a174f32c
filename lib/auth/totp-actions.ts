"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { ApiError, fieldErrorsFromIssues } from "@/lib/http/problem";
import { formObject, readOnlyFailure, SIGNED_OUT, UNEXPECTED, type ActionFailure } from "@/lib/http/server-action";
import { errorFields, log } from "@/lib/log";
import { actionRateLimit } from "@/lib/ratelimit/action-limit";
import { requestMeta } from "@/lib/security/request-meta";
import { currentPrincipal } from "./page-principal";
import type { Principal } from "./principal";
import { totpCodeSchema, totpDisableSchema, totpSetupSchema } from "./schemas";
import { disableTotp, enableTotp, regenerateRecoveryCodes, setupTotp } from "./second-factor";

/**
 * The security page's TOTP actions: public POST endpoints like any server action, so each one re-reads the
 * principal, applies the same rate limits as /api/auth/totp/*, parses its FormData with the API's strict schema
 * and calls the same lib functions (never HTTP). Failures have the API's problem shape.
 */

export type TotpSetupView = { secret: string; qr_code: string; uri: string };
export type TotpActionResult =
  | { ok: true; detail: string; setup?: TotpSetupView; recovery_codes?: string[] }
  | ActionFailure;
export type TotpActionState = TotpActionResult | null;

/** Runs one action: principal, limits, strict parse, then the lib call; a thrown ApiError becomes the failure. */
async function run<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  work: (principal: Principal, input: z.output<S>, meta: ReturnType<typeof requestMeta>) => Promise<TotpActionResult>,
): Promise<TotpActionResult> {
  const principal = await currentPrincipal();
  if (!principal) return SIGNED_OUT;
  const meta = requestMeta(await headers());
  const wait = await actionRateLimit(["auth.mfa.user", "auth.mfa.ip"], { ip: meta.ip, userId: principal.userId });
  if (wait !== null) return { ok: false, detail: `Too many attempts. Try again in ${wait} seconds.`, code: "rate_limited" };
  const parsed = schema.safeParse(formObject(formData));
  if (!parsed.success) return { ok: false, detail: "Check the highlighted fields.", errors: fieldErrorsFromIssues(parsed.error.issues) };
  try {
    const result = await work(principal, parsed.data, meta);
    revalidatePath("/account/security");
    return result;
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, detail: error.detail, ...(error.options.errors ? { errors: error.options.errors } : {}) };
    unstable_rethrow(error);
    log.error("TOTP action failed", errorFields(error));
    return { ok: false, detail: UNEXPECTED };
  }
}

/** A new pending secret: its QR code and the secret for manual entry (a current code when replacing an enabled one). */
export async function setupTotpAction(_prev: TotpActionState, formData: FormData): Promise<TotpActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  return run(totpSetupSchema, formData, async (principal, input, meta) => {
    const { secret, uri, qrCode } = await setupTotp(principal.userId, input, meta);
    return { ok: true, detail: "Scan the QR code, then enter the code your app shows.", setup: { secret, qr_code: qrCode, uri } };
  });
}

/** Confirms the pending secret: two-factor on, recovery codes shown this once. */
export async function verifyTotpAction(_prev: TotpActionState, formData: FormData): Promise<TotpActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  return run(totpCodeSchema, formData, async (principal, input, meta) => {
    const codes = await enableTotp(principal.userId, input.code, meta);
    return { ok: true, detail: "Two-factor authentication is on.", recovery_codes: codes };
  });
}

export async function regenerateRecoveryCodesAction(_prev: TotpActionState, formData: FormData): Promise<TotpActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  return run(totpCodeSchema, formData, async (principal, input, meta) => {
    const codes = await regenerateRecoveryCodes(principal.userId, input.code, meta);
    return { ok: true, detail: "New recovery codes: the previous ones no longer work.", recovery_codes: codes };
  });
}

export async function disableTotpAction(_prev: TotpActionState, formData: FormData): Promise<TotpActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  return run(totpDisableSchema, formData, async (principal, input, meta) => {
    await disableTotp(principal.userId, input, meta);
    return { ok: true, detail: "Two-factor authentication is off." };
  });
}
