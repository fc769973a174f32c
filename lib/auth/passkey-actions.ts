"use server";

import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { CredentialsSignin } from "next-auth";
import { revalidatePath } from "next/cache";
import { redirect, unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { audit } from "@/lib/audit/write";
import { ApiError, fieldErrorsFromIssues } from "@/lib/http/problem";
import { errorFields, log } from "@/lib/log";
import { actionRateLimit } from "@/lib/ratelimit/action-limit";
import { safeNextPath } from "@/lib/security/safe-redirect";
import { actionMeta, readOnlyFailure, SIGNED_OUT, UNEXPECTED, type ActionFailure, type ActionResult, type ActionState } from "@/lib/http/server-action";
import { signIn, signOut } from "./authjs";
import { currentPrincipal } from "./page-principal";
import { revokeSession } from "./sessions";
import { renamePasskey, revokePasskey } from "./webauthn/manage-passkeys";
import { finishPasskeyRegistration, startPasskeyRegistration } from "./webauthn/register-passkey";
import {
  authenticateStartSchema,
  authenticationResponseSchema,
  challengeIdField,
  registerCompleteSchema,
  renamePasskeySchema,
} from "./webauthn/schemas";
import { PASSKEY_SIGN_IN_FAILED, startPasskeySignIn } from "./webauthn/sign-in-with-passkey";

/**
 * The pages' passkey actions: each is a public POST endpoint, so each parses its input with the shared strict
 * schemas and re-reads the principal; the work is done by the same lib functions as the API. Answers use the
 * actions' problem shape (`{ok:false, detail, errors?, code?}`).
 */

export type OptionsResult<O> = { ok: true; options: O; challenge_id: string } | ActionFailure;

const NOT_FOUND = "That passkey was not found.";

const meta = actionMeta;

async function tooMany(userId?: number): Promise<ActionFailure | null> {
  const wait = await actionRateLimit(["auth.webauthn"], { ip: (await meta()).ip, userId });
  return wait === null
    ? null
    : { ok: false, detail: `Too many attempts. Try again in ${wait} seconds.`, code: "rate_limited" };
}

function invalid(error: z.ZodError): ActionFailure {
  return {
    ok: false,
    detail: "Check the highlighted fields.",
    errors: fieldErrorsFromIssues(error.issues),
    code: "validation_error",
  };
}

/** A lib error → the action's failure; a stale sign-in is flagged so the page can offer to sign in again. */
function failure(error: unknown): ActionFailure {
  if (error instanceof ApiError) {
    const reauth = error.options.extensions?.reauthentication_required === true;
    return {
      ok: false,
      detail: error.status === 404 ? NOT_FOUND : error.detail,
      code: reauth ? "reauthentication_required" : error.code,
    };
  }
  unstable_rethrow(error);
  log.error("passkey action failed", errorFields(error));
  return { ok: false, detail: UNEXPECTED };
}

// --- sign-in (login page) ----------------------------------------------------------------------------------

/** Request options for a passkey sign-in (usernameless unless an email is given; the same shape either way). */
export async function passkeySignInOptionsAction(
  input: unknown,
): Promise<OptionsResult<PublicKeyCredentialRequestOptionsJSON>> {
  const parsed = authenticateStartSchema.safeParse(input ?? {});
  if (!parsed.success) return invalid(parsed.error);
  const refused = await tooMany();
  if (refused) return refused;
  try {
    const { options, challengeId } = await startPasskeySignIn(parsed.data, await meta());
    return { ok: true, options, challenge_id: challengeId };
  } catch (error) {
    return failure(error);
  }
}

const signInInput = z.strictObject({
  challenge_id: challengeIdField,
  credential: authenticationResponseSchema,
  next: z.string().max(2000).optional(),
});

/**
 * Signs in with the assertion from startAuthentication(): Auth.js's "passkey" provider runs the passkey sign-in
 * service (verification, session, audit); then to `next` if it is a path on this site, else /account.
 */
export async function passkeySignInAction(input: unknown): Promise<ActionResult> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return { ok: false, detail: PASSKEY_SIGN_IN_FAILED, code: "validation_error" };
  const refused = await tooMany();
  if (refused) return refused;
  const { challenge_id, credential, next } = parsed.data;
  const prior = await currentPrincipal();
  try {
    await signIn("passkey", { challenge_id, response: JSON.stringify(credential), redirect: false });
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof CredentialsSignin)
      return { ok: false, detail: PASSKEY_SIGN_IN_FAILED, code: "passkey_failed" };
    log.error("passkey sign-in failed", errorFields(error));
    return { ok: false, detail: UNEXPECTED };
  }
  // a browser that signs in again leaves no orphaned live session behind
  if (prior) await revokeSession(db(), prior.sessionId, "replaced", prior.userId);
  redirect(safeNextPath(next, "/account"));
}

// --- management (account security page) -------------------------------------------------------------------

/** Creation options for a new passkey of the signed-in user (fresh sign-in required). */
export async function passkeyRegistrationOptionsAction(): Promise<
  OptionsResult<PublicKeyCredentialCreationOptionsJSON>
> {
  const principal = await currentPrincipal();
  if (!principal) return SIGNED_OUT;
  const refused = await tooMany(principal.userId);
  if (refused) return refused;
  try {
    const { options, challengeId } = await startPasskeyRegistration(principal, await meta());
    return { ok: true, options, challenge_id: challengeId };
  } catch (error) {
    return failure(error);
  }
}

/** Verifies and stores the new passkey (the JSON from startRegistration()) under the given name. */
export async function passkeyRegisterAction(input: unknown): Promise<ActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  const principal = await currentPrincipal();
  if (!principal) return SIGNED_OUT;
  const parsed = registerCompleteSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const refused = await tooMany(principal.userId);
  if (refused) return refused;
  try {
    const { challenge_id, credential, name } = parsed.data;
    await finishPasskeyRegistration(principal, { challengeId: challenge_id, credential, name }, await meta());
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/account/security");
  return { ok: true, detail: "Passkey added. You can now sign in with it instead of your password." };
}

const idField = z
  .string()
  .regex(/^\d{1,15}$/, "must be a passkey id")
  .transform(Number);
const renameForm = renamePasskeySchema.extend({ id: idField });
const revokeForm = z.strictObject({ id: idField });

/** FormData → plain object for a strict schema: React's `$ACTION…` fields dropped, a repeated field becomes an array (refused). */
function formObject(formData: FormData): Record<string, unknown> {
  const entries = new Map<string, FormDataEntryValue[]>();
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    entries.set(key, [...(entries.get(key) ?? []), value]);
  }
  return Object.fromEntries([...entries].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}

export async function renamePasskeyAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  const principal = await currentPrincipal();
  if (!principal) return SIGNED_OUT;
  const parsed = renameForm.safeParse(formObject(formData));
  if (!parsed.success) return invalid(parsed.error);
  const refused = await tooMany(principal.userId);
  if (refused) return refused;
  try {
    await renamePasskey(principal, parsed.data.id, parsed.data.name, await meta());
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/account/security");
  return { ok: true, detail: "Passkey renamed." };
}

export async function revokePasskeyAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  const principal = await currentPrincipal();
  if (!principal) return SIGNED_OUT;
  const parsed = revokeForm.safeParse(formObject(formData));
  if (!parsed.success) return { ok: false, detail: NOT_FOUND };
  const refused = await tooMany(principal.userId);
  if (refused) return refused;
  try {
    await revokePasskey(principal, parsed.data.id, await meta());
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/account/security");
  return { ok: true, detail: "Passkey removed: it can no longer sign in to your account." };
}

/** Pages that offer "Sign in again", and so may be returned to afterwards (a fixed list: no open redirect). */
const REAUTH_RETURN = ["/account/security", "/account/api-keys"] as const;

/** "Sign in again": ends this session and sends the user to the login page, back to the page they came from after. */
export async function reauthenticateAction(formData?: FormData): Promise<void> {
  const asked = formData?.get("next");
  const next = REAUTH_RETURN.find((p) => p === asked) ?? REAUTH_RETURN[0];
  const principal = await currentPrincipal();
  if (principal) {
    await revokeSession(db(), principal.sessionId, "reauthentication", principal.userId);
    await audit({
      action: "LOGOUT",
      targetType: "SESSION",
      targetId: principal.sessionId,
      result: "SUCCESS",
      actorUserId: principal.userId,
      meta: await meta(),
      metadata: { reason: "reauthentication" },
    });
  }
  await signOut({ redirect: false });
  redirect(`/login?next=${encodeURIComponent(next)}`);
}
