import { eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { RequestMeta } from "@/lib/security/request-meta";
import { isAccountLocked, isIpLocked, recordAccountFailure, recordIpFailure, resetAccountFailures } from "./lockout";
import { consumeMfaToken, issueMfaToken, mfaTokenMatchesPassword } from "./mfa-token";
import { hashPassword, verifyPassword } from "./password";
import type { LoginBody } from "./schemas";
import { verifySecondFactor, type FactorInput } from "./second-factor";
import { createSession, type SessionRow } from "./sessions";
import { loadUserAccess, type UserAccess } from "./user-access";

export type Door = "browser" | "api_login" | "api_token";

export type AuthOutcome =
  | { ok: true; access: UserAccess; session: SessionRow; amr: string[] }
  | { ok: false; reason: "invalid_credentials" }
  /** `mfaToken`: the single-use proof of the password step that the second step presents (null for /api/auth/token/). */
  | { ok: false; reason: "mfa_required"; access: UserAccess; mfaToken: string | null };

/** The one message for every failure: wrong password, unknown email, locked account or IP, inactive account. */
export const INVALID_CREDENTIALS = "Invalid credentials.";

let dummyHash: Promise<string> | undefined;
/** Unknown emails still pay for one argon2id verification, so timing does not tell whether an account exists. */
function dummy(): Promise<string> {
  dummyHash ??= hashPassword("dummy password that never matches anything");
  return dummyHash;
}

async function fail(
  meta: RequestMeta,
  door: Door,
  reason: string,
  user: { id: number } | null,
  email: string,
  detail: Record<string, unknown> = {},
): Promise<AuthOutcome> {
  const ipLocked = await recordIpFailure(meta.ip);
  const counts = reason === "bad_password" || reason === "bad_second_factor";
  const accountLocked = user && counts ? await recordAccountFailure(user.id) : false;
  await audit({ action: "LOGIN", targetType: "USER", targetId: user?.id, result: "FAILURE", actorUserId: null, meta, metadata: { door, reason, email: user ? undefined : email.slice(0, 254), ...detail } });
  if (accountLocked) await audit({ action: "ACCOUNT_LOCKED", targetType: "USER", targetId: user!.id, result: "BLOCKED", meta, metadata: { door, scope: "account" } });
  if (ipLocked) await audit({ action: "IP_LOCKED", targetType: "IP", targetId: meta.ip, result: "BLOCKED", meta, metadata: { door, scope: "ip" } });
  return { ok: false, reason: "invalid_credentials" };
}

/**
 * Every sign-in by password goes through here, whatever the door (browser form, /api/auth/login/,
 * /api/auth/token/): IP and account lockout, argon2id check, active account, MFA policy, audit, session.
 * No door can skip a step.
 */
export async function authenticatePassword(input: {
  email: string;
  password: string;
  door: Door;
  meta: RequestMeta;
  /** Second-factor check supplied by the door when the caller sent one; absent → MFA accounts get mfa_required. */
  secondFactor?: (access: UserAccess) => Promise<{ ok: boolean; method?: string; reason?: string }>;
}): Promise<AuthOutcome> {
  const email = input.email.trim().toLowerCase();
  const [user] = await db().select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummy()), input.password);

  if (await isIpLocked(input.meta.ip)) return fail(input.meta, input.door, "ip_locked", user ?? null, email);
  if (!user) return fail(input.meta, input.door, "unknown_email", null, email);
  if (isAccountLocked(user)) return fail(input.meta, input.door, "account_locked", user, email);
  if (!passwordOk) return fail(input.meta, input.door, "bad_password", user, email);
  if (!user.isActive) return fail(input.meta, input.door, "inactive", user, email);

  const access = await loadUserAccess(user.id);
  if (!access) return fail(input.meta, input.door, "unknown_email", null, email);

  const amr = ["pwd"];
  if (user.mfaEnabled) {
    if (!input.secondFactor) {
      // no reset of the failure count here: a right password must not wipe out the wrong codes that follow it
      const mfaToken = input.door === "api_token" ? null : await issueMfaToken(user, input.door);
      await audit({ action: "LOGIN_MFA_REQUIRED", targetType: "USER", targetId: user.id, result: "SUCCESS", meta: input.meta, metadata: { door: input.door } });
      return { ok: false, reason: "mfa_required", access, mfaToken };
    }
    const factor = await input.secondFactor(access);
    // a wrong second factor counts towards the lockouts like a wrong password
    if (!factor.ok) return fail(input.meta, input.door, "bad_second_factor", user, email, { factor: factor.method, factor_reason: factor.reason });
    amr.push(factor.method ?? "otp", "mfa");
  }

  return completeSignIn({ access, amr, door: input.door, meta: input.meta });
}

/**
 * The second step of an MFA sign-in: the mfa_token from the password step (spent by this attempt, right or wrong)
 * plus a TOTP or recovery code. The same lockout, audit and session rules as the password step.
 */
export async function authenticateSecondStep(input: { mfaToken: string; factor: FactorInput; door: Door; meta: RequestMeta }): Promise<AuthOutcome> {
  const step = await consumeMfaToken(input.mfaToken);
  if (!step || step.door !== input.door) return fail(input.meta, input.door, "invalid_mfa_token", step ? { id: step.userId } : null, "");
  const [user] = await db().select().from(users).where(eq(users.id, step.userId));
  if (!user) return fail(input.meta, input.door, "invalid_mfa_token", null, "");
  if (await isIpLocked(input.meta.ip)) return fail(input.meta, input.door, "ip_locked", user, user.email);
  if (isAccountLocked(user)) return fail(input.meta, input.door, "account_locked", user, user.email);
  if (!user.isActive) return fail(input.meta, input.door, "inactive", user, user.email);
  // the password changed (or was reset) or MFA was turned off since the password step: start again
  if (!mfaTokenMatchesPassword(step, user.passwordHash) || !user.mfaEnabled) return fail(input.meta, input.door, "stale_mfa_token", user, user.email);
  const access = await loadUserAccess(user.id);
  if (!access) return fail(input.meta, input.door, "invalid_mfa_token", null, "");
  const factor = await verifySecondFactor(user.id, input.factor);
  if (!factor.ok) return fail(input.meta, input.door, "bad_second_factor", user, user.email, { factor: factor.method, factor_reason: factor.reason });
  return completeSignIn({ access, amr: ["pwd", factor.method, "mfa"], door: input.door, meta: input.meta });
}

/** Any login body (see loginSchema): the password step, the original's single call with a code, or the second step. */
export function authenticateLogin(body: LoginBody, door: Door, meta: RequestMeta): Promise<AuthOutcome> {
  const factor: FactorInput = { totp_code: body.totp_code, recovery_code: body.recovery_code };
  if (body.mfa_token !== undefined) return authenticateSecondStep({ mfaToken: body.mfa_token, factor, door, meta });
  const withCode = body.totp_code !== undefined || body.recovery_code !== undefined;
  return authenticatePassword({
    email: body.email ?? "",
    password: body.password ?? "",
    door,
    meta,
    secondFactor: withCode ? (access) => verifySecondFactor(access.user.id, factor) : undefined,
  });
}

/** The last step of every successful sign-in (password or passkey): reset counters, session, audit. */
export async function completeSignIn(input: { access: UserAccess; amr: string[]; door: Door | "passkey"; meta: RequestMeta; kind?: "browser" | "api" }): Promise<AuthOutcome> {
  const { access } = input;
  await resetAccountFailures(access.user.id);
  const kind = input.kind ?? (input.door === "browser" ? "browser" : "api");
  const session = await createSession(db(), { userId: access.user.id, kind, amr: input.amr, meta: input.meta });
  await audit({
    action: "LOGIN",
    targetType: "USER",
    targetId: access.user.id,
    result: "SUCCESS",
    actorUserId: access.user.id,
    meta: input.meta,
    metadata: { door: input.door, session_id: session.id, amr: input.amr },
  });
  return { ok: true, access, session, amr: input.amr };
}
