import { and, count, eq, isNull, lt, or } from "drizzle-orm";
import QRCode from "qrcode";
import { db } from "@/db/client";
import { totpSecrets, users, webauthnCredentials } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import { env } from "@/lib/env";
import { ApiError, validationError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { decrypt, encrypt } from "./encryption";
import { isAccountLocked, isIpLocked, recordAccountFailure, recordIpFailure } from "./lockout";
import { verifyPassword } from "./password";
import { consumeRecoveryCode, deleteRecoveryCodes, remainingRecoveryCodes, replaceRecoveryCodes } from "./recovery-codes";
import { matchTotpStep, newTotpSecret, provisioningUri, type TotpSettings } from "./totp";

/** Checking second factors (sign-in and the TOTP management endpoints), with replay protection and lockout. */

export function totpSettings(): TotpSettings {
  const e = env();
  return { issuer: e.TOTP_ISSUER_NAME, digits: e.TOTP_DIGITS, period: e.TOTP_PERIOD, window: e.TOTP_WINDOW };
}

/** AAD of the stored secret: the ciphertext only opens for this user's row. */
export const totpContext = (userId: number) => `totp:${userId}`;

export type CodeCheck = "ok" | "invalid" | "replayed";

type TotpRow = typeof totpSecrets.$inferSelect;

/**
 * A TOTP code against the user's stored secret (pending or enabled; callers gate on the state). The matched time
 * step is then claimed by one conditional UPDATE, so a code — or any older one — is accepted at most once, even
 * by two requests racing with the same code. The claim names the secret that was checked: if it was replaced in
 * the meantime, the claim fails.
 */
export async function checkTotpCode(userId: number, code: string, loaded?: TotpRow): Promise<CodeCheck> {
  const row = loaded ?? (await db().select().from(totpSecrets).where(eq(totpSecrets.userId, userId)))[0];
  if (!row) return "invalid";
  const secret = decrypt(row.secretEncrypted, totpContext(userId));
  const settings = totpSettings();
  const step = matchTotpStep(secret, code, settings, { afterStep: row.lastUsedStep });
  if (step === null) {
    // told apart only for the audit log: the answer to the client is the same
    return row.lastUsedStep !== null && matchTotpStep(secret, code, settings) !== null ? "replayed" : "invalid";
  }
  const claimed = await db()
    .update(totpSecrets)
    .set({ lastUsedStep: step })
    .where(
      and(
        eq(totpSecrets.userId, userId),
        eq(totpSecrets.secretEncrypted, row.secretEncrypted),
        or(isNull(totpSecrets.lastUsedStep), lt(totpSecrets.lastUsedStep, step)),
      ),
    )
    .returning({ userId: totpSecrets.userId });
  return claimed.length ? "ok" : "replayed";
}

export type FactorInput = { totp_code?: string; recovery_code?: string };
export type FactorResult = { ok: true; method: "otp" | "recovery" } | { ok: false; method: "otp" | "recovery"; reason: string };

/** The second factor of a sign-in: a TOTP code, or a recovery code (spent by this use). */
export async function verifySecondFactor(userId: number, factor: FactorInput): Promise<FactorResult> {
  if (factor.recovery_code !== undefined) {
    return (await consumeRecoveryCode(db(), userId, factor.recovery_code))
      ? { ok: true, method: "recovery" }
      : { ok: false, method: "recovery", reason: "invalid" };
  }
  const result = factor.totp_code === undefined ? "invalid" : await checkTotpCode(userId, factor.totp_code);
  return result === "ok" ? { ok: true, method: "otp" } : { ok: false, method: "otp", reason: result };
}

/** 6–8 digits are a TOTP code, anything else a recovery code (12 characters; the schema has normalised the input). */
export function factorFromCode(code: string): FactorInput {
  return /^\d{6,8}$/.test(code) ? { totp_code: code } : { recovery_code: code };
}

/** Management endpoints check codes only while neither the account nor the client IP is locked. */
export async function assertNotLocked(user: { lockedUntil: Date | null }, meta: RequestMeta): Promise<void> {
  if (isAccountLocked(user) || (await isIpLocked(meta.ip))) {
    throw new ApiError("rate_limited", "Too many failed attempts. Try again later.");
  }
}

/**
 * A wrong code (or password) on a management endpoint: counted towards the account and IP lockouts like a failed
 * sign-in, audited, and answered 400 on the field.
 */
export async function refuseFactor(
  userId: number,
  meta: RequestMeta,
  action: string,
  failure: { field: string; message: string; reason: string },
): Promise<never> {
  const accountLocked = await recordAccountFailure(userId);
  const ipLocked = await recordIpFailure(meta.ip);
  await audit({ action, targetType: "USER", targetId: userId, result: "FAILURE", actorUserId: userId, meta, metadata: { reason: failure.reason } });
  if (accountLocked) await audit({ action: "ACCOUNT_LOCKED", targetType: "USER", targetId: userId, result: "BLOCKED", meta, metadata: { door: action, scope: "account" } });
  if (ipLocked) await audit({ action: "IP_LOCKED", targetType: "IP", targetId: meta.ip, result: "BLOCKED", meta, metadata: { door: action, scope: "ip" } });
  throw new ApiError("validation_error", failure.message, { errors: { [failure.field]: [failure.message] } });
}

/** totp "pending": set up, not yet confirmed; `replacing`: on, with a new authenticator being set up. */
export type SecondFactorStatus = { totp: "off" | "pending" | "on"; replacing: boolean; recoveryCodesLeft: number; passkeys: number };

/** Which factors the user has, for the security page. */
export async function secondFactorStatus(userId: number): Promise<SecondFactorStatus> {
  const [[user], [totp], [passkeys], left] = await Promise.all([
    db().select({ mfaEnabled: users.mfaEnabled }).from(users).where(eq(users.id, userId)),
    db().select({ status: totpSecrets.status }).from(totpSecrets).where(eq(totpSecrets.userId, userId)),
    db().select({ n: count() }).from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId)),
    remainingRecoveryCodes(userId),
  ]);
  const on = Boolean(user?.mfaEnabled);
  return {
    totp: on ? "on" : totp ? "pending" : "off",
    replacing: on && totp?.status === "pending",
    recoveryCodesLeft: on ? left : 0,
    passkeys: passkeys?.n ?? 0,
  };
}

// ——— TOTP management: the same functions behind /api/auth/totp/* and the security page's server actions ———

const INVALID_TOTP = "Invalid TOTP code. Please try again.";

async function userOrThrow(userId: number) {
  const [user] = await db().select().from(users).where(eq(users.id, userId));
  if (!user) throw new ApiError("unauthenticated", "Authentication credentials were not provided.");
  return user;
}

/** A new pending secret (replacing a pending one); replacing an enabled authenticator needs a current code from it. */
export async function setupTotp(userId: number, input: { code?: string }, meta: RequestMeta): Promise<{ secret: string; uri: string; qrCode: string }> {
  const user = await userOrThrow(userId);
  if (user.mfaEnabled) {
    // a session alone must not be enough to move the second factor to another device
    if (input.code === undefined) throw validationError({ code: ["Two-factor authentication is on: send a current code to replace the authenticator."] });
    await assertNotLocked(user, meta);
    const check = await checkTotpCode(userId, input.code);
    if (check !== "ok") await refuseFactor(userId, meta, "TOTP_SETUP", { field: "code", message: INVALID_TOTP, reason: check });
  }
  const secret = newTotpSecret();
  const sealed = encrypt(secret, totpContext(userId));
  await db()
    .insert(totpSecrets)
    .values({ userId, secretEncrypted: sealed, status: "pending" })
    .onConflictDoUpdate({ target: totpSecrets.userId, set: { secretEncrypted: sealed, status: "pending", lastUsedStep: null, createdAt: new Date(), enabledAt: null } });
  const uri = provisioningUri(secret, user.email, totpSettings());
  // the original's QR settings: error correction L, 4-module border, black on white
  const qrCode = await QRCode.toDataURL(uri, { errorCorrectionLevel: "L", margin: 4, scale: 6 });
  await audit({ action: "TOTP_SETUP", targetType: "USER", targetId: userId, result: "SUCCESS", actorUserId: userId, meta, metadata: { replacing: user.mfaEnabled } });
  return { secret, uri, qrCode };
}

/** Confirms the pending secret with a code: MFA on, and a fresh set of recovery codes (returned once). */
export async function enableTotp(userId: number, code: string, meta: RequestMeta): Promise<string[]> {
  const user = await userOrThrow(userId);
  const [row] = await db().select().from(totpSecrets).where(eq(totpSecrets.userId, userId));
  if (!row) throw new ApiError("bad_request", "TOTP secret not found. Please set up TOTP first.");
  if (row.status === "enabled") throw new ApiError("bad_request", "TOTP is already enabled.");
  await assertNotLocked(user, meta);
  const check = await checkTotpCode(userId, code, row);
  if (check !== "ok") await refuseFactor(userId, meta, "TOTP_VERIFY", { field: "code", message: INVALID_TOTP, reason: check });
  const codes = await db().transaction(async (tx) => {
    // only the secret that was just checked: a setup racing in between leaves a new pending secret alone
    const enabled = await tx
      .update(totpSecrets)
      .set({ status: "enabled", enabledAt: new Date() })
      .where(and(eq(totpSecrets.userId, userId), eq(totpSecrets.status, "pending"), eq(totpSecrets.secretEncrypted, row.secretEncrypted)))
      .returning({ userId: totpSecrets.userId });
    if (!enabled.length) throw new ApiError("conflict", "The authenticator was set up again meanwhile. Start over.");
    await tx.update(users).set({ mfaEnabled: true, updatedAt: new Date() }).where(eq(users.id, userId));
    return replaceRecoveryCodes(tx, userId);
  });
  await audit({ action: "TOTP_VERIFY", targetType: "USER", targetId: userId, result: "SUCCESS", actorUserId: userId, meta, metadata: { mfa_enabled: true } });
  return codes;
}

/** A new set of recovery codes (the old ones stop working); needs a current TOTP code, not a recovery code. */
export async function regenerateRecoveryCodes(userId: number, code: string, meta: RequestMeta): Promise<string[]> {
  const user = await userOrThrow(userId);
  if (!user.mfaEnabled) throw new ApiError("bad_request", "MFA is not enabled.");
  await assertNotLocked(user, meta);
  const check = await checkTotpCode(userId, code);
  if (check !== "ok") await refuseFactor(userId, meta, "RECOVERY_CODES_REGENERATE", { field: "code", message: INVALID_TOTP, reason: check });
  const codes = await db().transaction((tx) => replaceRecoveryCodes(tx, userId));
  await audit({ action: "RECOVERY_CODES_REGENERATE", targetType: "USER", targetId: userId, result: "SUCCESS", actorUserId: userId, meta });
  return codes;
}

/** Turns MFA off with the password and a TOTP or recovery code: the secret and every recovery code are deleted. */
export async function disableTotp(userId: number, input: { password: string; code: string }, meta: RequestMeta): Promise<void> {
  const user = await userOrThrow(userId);
  if (!user.mfaEnabled) throw new ApiError("bad_request", "MFA is not enabled.");
  await assertNotLocked(user, meta);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await refuseFactor(userId, meta, "TOTP_DISABLE", { field: "password", message: "Your password is incorrect.", reason: "bad_password" });
  }
  const factor = await verifySecondFactor(userId, factorFromCode(input.code));
  if (!factor.ok) await refuseFactor(userId, meta, "TOTP_DISABLE", { field: "code", message: "Invalid code.", reason: `${factor.method}_${factor.reason}` });
  await db().transaction(async (tx) => {
    await tx.delete(totpSecrets).where(eq(totpSecrets.userId, userId));
    await deleteRecoveryCodes(tx, userId);
    await tx.update(users).set({ mfaEnabled: false, updatedAt: new Date() }).where(eq(users.id, userId));
  });
  await audit({ action: "TOTP_DISABLE", targetType: "USER", targetId: userId, result: "SUCCESS", actorUserId: userId, meta, metadata: { factor: factor.method } });
}
