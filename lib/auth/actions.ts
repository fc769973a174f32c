"use server";

import { CredentialsSignin } from "next-auth";
import { revalidatePath } from "next/cache";
import { redirect, unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { audit } from "@/lib/audit/write";
import { ApiError } from "@/lib/http/problem";
import {
  actionFailure,
  actionMeta,
  actionTooMany,
  echoFields,
  formObject,
  parseInput,
  readOnlyFailure,
  SIGNED_OUT,
  UNEXPECTED,
  type ActionFailure,
  type ActionResult,
  type ActionState,
  type Parsed,
} from "@/lib/http/server-action";
import { errorFields, log } from "@/lib/log";
import { safeNextPath } from "@/lib/security/safe-redirect";
import { changePassword, confirmPasswordReset, registerUser, requestPasswordReset, resendVerification, updateProfile, verifyEmail } from "./account";
import { INVALID_CREDENTIALS } from "./authenticate";
import { SecondFactorRequired, signIn, signOut } from "./authjs";
import { currentPrincipal } from "./page-principal";
import type { Principal } from "./principal";
import {
  loginSchema,
  passwordChangeSchema,
  passwordResetConfirmSchema,
  passwordResetSchema,
  profileUpdateSchema,
  registerSchema,
  sessionIdSchema,
  verifyEmailSchema,
} from "./schemas";
import { revokeSession } from "./sessions";

/**
 * The pages' server actions. Each one is a public POST endpoint, so each parses its FormData with the shared strict
 * zod schema, re-reads the principal from the session row when it needs one, calls lib/auth and answers in the
 * problem shape: `{ ok: false, detail, errors? }` with the API's field → messages map.
 */

export type { ActionFailure, ActionResult, ActionState } from "@/lib/http/server-action";

const BAD_LINK = "This link is invalid or has expired. Ask for a new one.";
const RESET_REQUESTED = "If an account exists for that address, a link to reset its password is on its way. It works for 30 minutes.";
const ECHOED = ["email", "username", "first_name", "last_name", "phone_number"] as const;

const echoed = (formData: FormData) => echoFields(formData, ECHOED);

function parseForm<S extends z.ZodType>(schema: S, formData: FormData, omit: readonly string[] = []): Parsed<S> {
  return parseInput(schema, formObject(formData, omit), echoed(formData));
}

/** A lib error → the form's failure, keeping what was typed; a bad emailed link gets one plain message. */
function failure(error: unknown, formData?: FormData): ActionFailure {
  const values = formData ? echoed(formData) : undefined;
  if (error instanceof ApiError && error.options.errors?.token) return { ok: false, detail: BAD_LINK, code: "invalid_token", values };
  return { ...actionFailure(error), values };
}

const meta = actionMeta;
const tooMany = actionTooMany;

type SignInOutcome = "ok" | "invalid" | "error" | { mfaToken: string };

/** The Auth.js credentials sign-in, which runs the one authentication service; its failures become outcomes. */
async function signInWithCredentials(fields: Record<string, string>): Promise<SignInOutcome> {
  try {
    await signIn("credentials", { ...fields, redirect: false });
    return "ok";
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof SecondFactorRequired) return { mfaToken: error.mfaToken };
    if (error instanceof CredentialsSignin) return "invalid";
    log.error("sign-in failed", errorFields(error));
    return "error";
  }
}

function signInWithPassword(email: string, password: string): Promise<SignInOutcome> {
  return signInWithCredentials({ email, password });
}

/** A browser that signs in again leaves no orphaned live session behind. */
async function retirePriorSession(prior: Principal | null): Promise<void> {
  if (prior) await revokeSession(db(), prior.sessionId, "replaced", prior.userId);
}

const loginFormSchema = loginSchema.extend({ next: z.string().max(2000).optional() });

/** The login form's state: on `mfa_required` it carries the single-use token of the password step (never a password). */
export type LoginResult = ActionResult & { mfa_token?: string };
const SECOND_STEP_FAILED = "That code was not accepted, or the sign-in took too long. Sign in again.";

/**
 * Sign in, in up to two steps: email and password; then, for an account with a second factor, the token of that
 * step with a TOTP or recovery code. Then to `next` if it is a path on this site, else /account.
 */
export async function loginAction(_prev: LoginResult | null, formData: FormData): Promise<LoginResult> {
  const secondStep = formData.has("mfa_token");
  // the second step's hidden email only refills the first step if it has to be repeated; it proves nothing
  const parsed = parseForm(loginFormSchema, formData, secondStep ? ["email"] : []);
  const token = formData.get("mfa_token");
  // a malformed code has not spent the token: stay on the second step
  const keep = secondStep && typeof token === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? { mfa_token: token } : {};
  if (!parsed.ok) return parsed.failure.errors?.mfa_token ? { ok: false, detail: SECOND_STEP_FAILED, values: echoed(formData) } : { ...parsed.failure, ...keep };
  const { next, ...body } = parsed.data;
  const email = secondStep ? (echoed(formData).email ?? "") : (body.email ?? "");
  const refused = await tooMany(secondStep ? ["auth.login.ip", "auth.mfa.ip"] : ["auth.login.ip", "auth.login.account"], { email: secondStep ? null : email });
  if (refused) return { ...refused, values: { email }, ...keep };
  const prior = await currentPrincipal();
  const fields = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
  const outcome = await signInWithCredentials(fields);
  if (typeof outcome === "object") {
    return { ok: false, detail: "Enter the code from your authenticator app.", code: "mfa_required", values: { email }, mfa_token: outcome.mfaToken };
  }
  // one message for unknown email, wrong password and locked account or IP (and, on the second step, a wrong code)
  if (outcome === "invalid") return { ok: false, detail: secondStep ? SECOND_STEP_FAILED : INVALID_CREDENTIALS, code: secondStep ? "mfa_failed" : undefined, values: { email } };
  if (outcome === "error") return { ok: false, detail: UNEXPECTED, values: { email } };
  await retirePriorSession(prior);
  redirect(safeNextPath(next, "/account"));
}

/** Ends this browser's session: the row is revoked (so the cookie is dead everywhere), then the cookie is cleared. */
export async function logoutAction(): Promise<void> {
  const principal = await currentPrincipal();
  if (principal) {
    await revokeSession(db(), principal.sessionId, "logout", principal.userId);
    await audit({ action: "LOGOUT", targetType: "SESSION", targetId: principal.sessionId, result: "SUCCESS", actorUserId: principal.userId, meta: await meta() });
  }
  await signOut({ redirect: false });
  redirect("/");
}

/** Create an account (CUSTOMER), mail the verification link, sign in. */
export async function registerAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  const parsed = parseForm(registerSchema, formData);
  if (!parsed.ok) return parsed.failure;
  const refused = await tooMany(["auth.register"]);
  if (refused) return refused;
  try {
    await registerUser(parsed.data, await meta());
  } catch (error) {
    return failure(error, formData);
  }
  const prior = await currentPrincipal();
  const outcome = await signInWithPassword(parsed.data.email, parsed.data.password);
  // the account exists either way; if signing in did not work the visitor signs in by hand
  if (outcome !== "ok") redirect("/login?next=%2Faccount");
  await retirePriorSession(prior);
  redirect("/account");
}

export async function updateProfileAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  const principal = await currentPrincipal();
  if (!principal) return SIGNED_OUT;
  const parsed = parseForm(profileUpdateSchema, formData);
  if (!parsed.ok) return parsed.failure;
  try {
    await updateProfile(principal.userId, parsed.data, await meta());
  } catch (error) {
    return failure(error, formData);
  }
  revalidatePath("/account");
  return { ok: true, detail: "Profile saved." };
}

/** New password after the current one; every other session of the user is signed out. */
export async function changePasswordAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  const principal = await currentPrincipal();
  if (!principal) return SIGNED_OUT;
  const parsed = parseForm(passwordChangeSchema, formData);
  if (!parsed.ok) return parsed.failure;
  const refused = await tooMany(["auth.password_change"], { userId: principal.userId });
  if (refused) return refused;
  let revoked: number;
  try {
    revoked = await changePassword(principal.userId, principal.sessionId, parsed.data, await meta());
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/account/security");
  const others = revoked === 1 ? "1 other session was" : `${revoked} other sessions were`;
  return { ok: true, detail: `Password changed. ${others} signed out.` };
}

/** Revoke one of the user's own sessions (someone else's is "not found"); revoking this one signs out here. */
export async function revokeSessionAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  const principal = await currentPrincipal();
  if (!principal) return SIGNED_OUT;
  const parsed = parseForm(sessionIdSchema, formData);
  if (!parsed.ok) return { ok: false, detail: "That session was not found." };
  const { id } = parsed.data;
  const revoked = await revokeSession(db(), id, "revoked_by_user", principal.userId);
  if (!revoked) return { ok: false, detail: "That session was not found." };
  await audit({ action: "SESSION_REVOKED", targetType: "SESSION", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta: await meta() });
  if (id === principal.sessionId) {
    await signOut({ redirect: false });
    redirect("/login");
  }
  revalidatePath("/account/security");
  return { ok: true, detail: "Session revoked: that device is signed out." };
}

/** Always the same answer, whether or not the account exists (and whatever went wrong behind it). */
export async function requestPasswordResetAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  const parsed = parseForm(passwordResetSchema, formData);
  if (!parsed.ok) return parsed.failure;
  const refused = await tooMany(["auth.password_reset.ip", "auth.password_reset.account"], { email: parsed.data.email });
  if (refused) return refused;
  try {
    await requestPasswordReset(parsed.data.email, await meta());
  } catch (error) {
    log.error("password reset request failed", errorFields(error));
  }
  return { ok: true, detail: RESET_REQUESTED };
}

export async function confirmPasswordResetAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  const readOnly = await readOnlyFailure(); // account changes are writes: refused while the shop is read-only
  if (readOnly) return readOnly;
  const parsed = parseForm(passwordResetConfirmSchema, formData);
  if (!parsed.ok) {
    return parsed.failure.errors?.token ? { ok: false, detail: BAD_LINK, code: "invalid_token" } : { ...parsed.failure, values: undefined };
  }
  const refused = await tooMany(["auth.password_reset.ip"]);
  if (refused) return refused;
  try {
    await confirmPasswordReset(parsed.data, await meta());
  } catch (error) {
    return failure(error);
  }
  return { ok: true, detail: "Your password has been reset and every session signed out. Sign in with your new password." };
}

/** Confirms the email with the mailed token: a POST from the page's button, never a GET (mail scanners prefetch). */
export async function verifyEmailAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  const parsed = parseForm(verifyEmailSchema, formData);
  if (!parsed.ok) return { ok: false, detail: BAD_LINK, code: "invalid_token" };
  const refused = await tooMany(["auth.email"]);
  if (refused) return refused;
  try {
    await verifyEmail(parsed.data.token, await meta());
  } catch (error) {
    return failure(error);
  }
  return { ok: true, detail: "Your email address is confirmed." };
}

export async function resendVerificationAction(_prev: ActionState, _formData: FormData): Promise<ActionResult> {
  const principal = await currentPrincipal();
  if (!principal) return SIGNED_OUT;
  if (principal.isVerified) return { ok: true, detail: "Your email is already verified." };
  const refused = await tooMany(["auth.email"], { userId: principal.userId });
  if (refused) return refused;
  try {
    await resendVerification(principal.userId);
  } catch (error) {
    return failure(error);
  }
  return { ok: true, detail: `A new confirmation link is on its way to ${principal.email}.` };
}
