import { eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { files, roles, userRoles, users } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import { env } from "@/lib/env";
import { validationError } from "@/lib/http/problem";
import { sendMail } from "@/lib/mail/send";
import type { RequestMeta } from "@/lib/security/request-meta";
import { recordAccountFailure, unlockAccount } from "./lockout";
import { consumeMailToken, issueMailToken } from "./mail-tokens";
import { hashPassword, verifyPassword } from "./password";
import { passwordProblems } from "./password-policy";
import { DEFAULT_ROLE } from "./permissions";
import { revokeUserApiKeys } from "./api-keys/revoke-all";
import { revokeUserSessions } from "./sessions";

type UserRow = typeof users.$inferSelect;

function assertPasswordAcceptable(password: string, user: { email: string; username: string; firstName: string; lastName: string }, field: string) {
  const problems = passwordProblems(password, user);
  if (problems.length) throw validationError({ [field]: problems });
}

async function sendVerificationMail(user: UserRow): Promise<void> {
  const token = await issueMailToken(db(), user.id, "email_verify");
  await sendMail({
    to: user.email,
    subject: "Confirm your email address",
    text: `Hello ${user.firstName || user.username},\n\nConfirm your email address for Secure Shop:\n${env().APP_URL}/verify-email?token=${token}\n\nThe link works once, for 48 hours. If you did not create an account, ignore this mail.\n`,
  });
}

/** Creates an account with the CUSTOMER role and mails a verification link. Email and username are unique whatever their case. */
export async function registerUser(
  input: { email: string; username: string; first_name: string; last_name: string; phone_number: string; password: string },
  meta: RequestMeta,
): Promise<UserRow> {
  const person = { email: input.email, username: input.username, firstName: input.first_name, lastName: input.last_name };
  assertPasswordAcceptable(input.password, person, "password");
  const passwordHash = await hashPassword(input.password);
  const created = await db().transaction(async (tx) => {
    const taken = await tx
      .select({ email: users.email, username: users.username })
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email} or lower(${users.username}) = ${input.username.toLowerCase()}`);
    const errors: Record<string, string[]> = {};
    if (taken.some((t) => t.email === input.email)) errors.email = ["A user with that email already exists."];
    if (taken.some((t) => t.username.toLowerCase() === input.username.toLowerCase())) errors.username = ["A user with that username already exists."];
    if (Object.keys(errors).length) throw validationError(errors);
    const [user] = await tx
      .insert(users)
      .values({ ...person, phoneNumber: input.phone_number, passwordHash })
      .onConflictDoNothing()
      .returning();
    // a concurrent registration with the same email or username won the race
    if (!user) throw validationError({ email: ["A user with that email or username already exists."] });
    const [role] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.name, DEFAULT_ROLE));
    if (role) await tx.insert(userRoles).values({ userId: user.id, roleId: role.id });
    return user;
  });
  await audit({ action: "REGISTER", targetType: "USER", targetId: created.id, result: "SUCCESS", actorUserId: created.id, meta });
  await sendVerificationMail(created);
  return created;
}

export async function resendVerification(userId: number): Promise<void> {
  const [user] = await db().select().from(users).where(eq(users.id, userId));
  if (user && !user.isVerified) await sendVerificationMail(user);
}

/** Marks the email verified if the token is valid; 400 otherwise. */
export async function verifyEmail(token: string, meta: RequestMeta): Promise<UserRow> {
  const userId = await consumeMailToken(db(), token, "email_verify");
  if (!userId) {
    await audit({ action: "EMAIL_VERIFY", targetType: "USER", result: "FAILURE", meta, metadata: { reason: "invalid_token" } });
    throw validationError({ token: ["Invalid or expired token."] });
  }
  const [user] = await db()
    .update(users)
    .set({ isVerified: true, emailVerifiedAt: new Date(), updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning();
  await audit({ action: "EMAIL_VERIFY", targetType: "USER", targetId: userId, result: "SUCCESS", actorUserId: userId, meta });
  return user!;
}

/** Changes the password after checking the current one, and signs out every other session. */
export async function changePassword(
  userId: number,
  currentSessionId: string,
  input: { current_password: string; new_password: string },
  meta: RequestMeta,
): Promise<number> {
  const [user] = await db().select().from(users).where(eq(users.id, userId));
  if (!user) throw validationError({ current_password: ["Your current password is incorrect."] });
  if (!(await verifyPassword(user.passwordHash, input.current_password))) {
    if (await recordAccountFailure(user.id)) {
      await audit({ action: "ACCOUNT_LOCKED", targetType: "USER", targetId: user.id, result: "BLOCKED", meta, metadata: { scope: "account", door: "password_change" } });
    }
    await audit({ action: "PASSWORD_CHANGE", targetType: "USER", targetId: user.id, result: "FAILURE", actorUserId: user.id, meta, metadata: { reason: "bad_current_password" } });
    throw validationError({ current_password: ["Your current password is incorrect."] });
  }
  if (input.new_password === input.current_password) throw validationError({ new_password: ["Choose a password different from the current one."] });
  assertPasswordAcceptable(input.new_password, user, "new_password");
  const passwordHash = await hashPassword(input.new_password);
  const revoked = await db().transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, userId));
    return revokeUserSessions(tx, userId, "password_changed", currentSessionId);
  });
  await audit({ action: "PASSWORD_CHANGE", targetType: "USER", targetId: userId, result: "SUCCESS", actorUserId: userId, meta, metadata: { revoked_sessions: revoked } });
  return revoked;
}

/** Mails a reset link if the account exists and is active. Same answer and similar time either way. */
export async function requestPasswordReset(email: string, meta: RequestMeta): Promise<void> {
  const started = Date.now();
  const [user] = await db().select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  if (user && user.isActive) {
    const token = await issueMailToken(db(), user.id, "password_reset");
    await sendMail({
      to: user.email,
      subject: "Reset your password",
      text: `Someone asked to reset the password of your Secure Shop account.\n\nChoose a new password here:\n${env().APP_URL}/reset-password?token=${token}\n\nThe link works once, for 30 minutes. If it was not you, ignore this mail: your password stays as it is.\n`,
    });
  }
  await audit({ action: "PASSWORD_RESET_REQUEST", targetType: "USER", targetId: user?.id, result: user ? "SUCCESS" : "FAILURE", meta, metadata: user ? {} : { reason: "unknown_email" } });
  // answer after a fixed floor so the response time does not say whether the account exists
  const floor = 400 - (Date.now() - started);
  if (floor > 0) await new Promise((r) => setTimeout(r, floor));
}

/** Sets a new password from a reset link, signs out every session and lifts a lockout. */
export async function confirmPasswordReset(input: { token: string; new_password: string }, meta: RequestMeta): Promise<void> {
  const userId = await db().transaction(async (tx) => {
    const id = await consumeMailToken(tx, input.token, "password_reset");
    if (!id) throw validationError({ token: ["Invalid or expired token."] });
    const [user] = await tx.select().from(users).where(eq(users.id, id));
    if (!user || !user.isActive) throw validationError({ token: ["Invalid or expired token."] });
    assertPasswordAcceptable(input.new_password, user, "new_password");
    const passwordHash = await hashPassword(input.new_password);
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, id));
    await revokeUserSessions(tx, id, "password_reset");
    await revokeUserApiKeys(tx, id, "password_reset", id);
    return id;
  }).catch(async (error: unknown) => {
    await audit({ action: "PASSWORD_RESET", targetType: "USER", result: "FAILURE", meta, metadata: { reason: "invalid_token_or_password" } });
    throw error;
  });
  await unlockAccount(userId);
  await audit({ action: "PASSWORD_RESET", targetType: "USER", targetId: userId, result: "SUCCESS", actorUserId: userId, meta });
}

export async function updateProfile(
  userId: number,
  input: { username?: string; first_name?: string; last_name?: string; phone_number?: string; avatar_file?: number | null },
  meta: RequestMeta,
): Promise<UserRow> {
  if (input.avatar_file) {
    const [file] = await db().select({ uploadedBy: files.uploadedBy, fileType: files.fileType, status: files.status }).from(files).where(eq(files.id, input.avatar_file));
    if (!file || file.uploadedBy !== userId || file.fileType !== "avatar" || file.status === "rejected") {
      throw validationError({ avatar_file: ["Choose an avatar image you uploaded (file_type avatar)."] });
    }
  }
  if (input.username) {
    const [clash] = await db()
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = ${input.username.toLowerCase()} and ${users.id} <> ${userId}`);
    if (clash) throw validationError({ username: ["A user with that username already exists."] });
  }
  const [user] = await db()
    .update(users)
    .set({
      ...(input.username !== undefined ? { username: input.username } : {}),
      ...(input.first_name !== undefined ? { firstName: input.first_name } : {}),
      ...(input.last_name !== undefined ? { lastName: input.last_name } : {}),
      ...(input.phone_number !== undefined ? { phoneNumber: input.phone_number } : {}),
      ...(input.avatar_file !== undefined ? { avatarFileId: input.avatar_file } : {}),
      updatedAt: new Date(),
    })
    .where(eq(users.id, userId))
    .returning();
  await audit({ action: "PROFILE_UPDATE", targetType: "USER", targetId: userId, result: "SUCCESS", actorUserId: userId, meta, metadata: { fields: Object.keys(input) } });
  return user!;
}
