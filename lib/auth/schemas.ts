import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "./password-policy";

/** Shared by the API handlers and the pages' server actions. Strict: unknown fields are refused. */

export const emailField = z
  .string({ error: "This field is required." })
  .trim()
  .toLowerCase()
  .max(254, "Ensure this field has no more than 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address." }));

const passwordField = z
  .string({ error: "This field is required." })
  .min(1, "This field is required.")
  .max(MAX_PASSWORD_LENGTH * 8, "This password is too long.");

export const usernameField = z
  .string({ error: "This field is required." })
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,50}$/, "3 to 50 characters: letters, digits, and . _ -");

const nameField = z.string().trim().max(150, "Ensure this field has no more than 150 characters.");
const phoneField = z
  .string()
  .trim()
  .regex(/^(\+?[1-9]\d{7,14})?$/, "Enter a phone number like +21612345678.");

const confirmMatches =
  (a: string, b: string) =>
  (v: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (v[a] !== v[b]) ctx.addIssue({ code: "custom", path: [b], message: "Passwords do not match." });
  };

export const registerSchema = z
  .strictObject({
    email: emailField,
    username: usernameField,
    first_name: nameField.default(""),
    last_name: nameField.default(""),
    phone_number: phoneField.default(""),
    password: passwordField,
    password_confirm: passwordField,
  })
  .superRefine(confirmMatches("password", "password_confirm"));

/** A code from an authenticator app; spaces are ignored. The verifier checks the exact length (TOTP_DIGITS). */
export const totpCodeField = z
  .string({ error: "This field is required." })
  .max(20, "Enter the code from your authenticator app.")
  .transform((v) => v.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6,8}$/, "Enter the code from your authenticator app."));

/** One of the user's recovery codes; case, spaces and dashes are ignored. */
export const recoveryCodeField = z
  .string({ error: "This field is required." })
  .max(40, "Enter one of your recovery codes.")
  .transform((v) => v.toLowerCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^[a-z0-9]{12}$/, "Enter one of your recovery codes."));

/** Either kind of code, where both are accepted (disabling TOTP). */
export const anySecondFactorCodeField = z
  .string({ error: "This field is required." })
  .max(40, "Enter a code from your authenticator app or a recovery code.")
  .transform((v) => v.toLowerCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^(\d{6,8}|[a-z0-9]{12})$/, "Enter a code from your authenticator app or a recovery code."));

export const mfaTokenField = z.string({ error: "This field is required." }).regex(/^[A-Za-z0-9_-]{20,100}$/, "This sign-in step has expired. Sign in again.");

/**
 * The login body, one of: `{email, password}`; the original's single call `{email, password, totp_code}`; the
 * second step `{mfa_token, totp_code}` or `{mfa_token, recovery_code}`. One strict object with a shape check, so
 * a bad body gets 400 naming its fields (a zod union would only say "invalid input").
 */
export const loginSchema = z
  .strictObject({
    email: emailField.optional(),
    password: passwordField.optional(),
    totp_code: totpCodeField.optional(),
    recovery_code: recoveryCodeField.optional(),
    mfa_token: mfaTokenField.optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    if (v.mfa_token !== undefined) {
      if (v.email !== undefined) issue("email", "Not allowed with mfa_token.");
      if (v.password !== undefined) issue("password", "Not allowed with mfa_token.");
      if (v.totp_code !== undefined && v.recovery_code !== undefined) issue("recovery_code", "Send totp_code or recovery_code, not both.");
      if (v.totp_code === undefined && v.recovery_code === undefined) issue("totp_code", "This field is required with mfa_token (or recovery_code).");
      return;
    }
    if (v.email === undefined) issue("email", "This field is required.");
    if (v.password === undefined) issue("password", "This field is required.");
    if (v.recovery_code !== undefined) issue("recovery_code", "Sign in with your password first, then send the recovery code with mfa_token.");
  });
export type LoginBody = z.output<typeof loginSchema>;
export const tokenObtainSchema = z.strictObject({ email: emailField, password: passwordField, totp_code: totpCodeField.optional() });

/** TOTP management. Setup takes a current code only when replacing an enabled authenticator. */
export const totpSetupSchema = z.strictObject({ code: totpCodeField.optional() });
export const totpCodeSchema = z.strictObject({ code: totpCodeField });
export const totpDisableSchema = z.strictObject({ password: passwordField, code: anySecondFactorCodeField });
export const refreshSchema = z.strictObject({ refresh: z.string().min(1, "This field is required.").max(200) });
export const verifyTokenSchema = z.strictObject({ token: z.string().min(1, "This field is required.").max(4096) });

export const profileUpdateSchema = z.strictObject({
  username: usernameField.optional(),
  first_name: nameField.optional(),
  last_name: nameField.optional(),
  phone_number: phoneField.optional(),
  /** An `avatar` file of one's own (POST /api/files/ with file_type avatar); null removes the avatar. */
  avatar_file: z.number({ error: "must be a file id" }).int("must be a file id").positive("must be a file id").max(Number.MAX_SAFE_INTEGER).nullable().optional(),
});

export const passwordChangeSchema = z
  .strictObject({ current_password: passwordField, new_password: passwordField, new_password_confirm: passwordField })
  .superRefine(confirmMatches("new_password", "new_password_confirm"));

export const passwordResetSchema = z.strictObject({ email: emailField });

export const mailTokenField = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "Invalid or expired token.");

export const passwordResetConfirmSchema = z
  .strictObject({ token: mailTokenField, new_password: passwordField, new_password_confirm: passwordField })
  .superRefine(confirmMatches("new_password", "new_password_confirm"));

export const verifyEmailSchema = z.strictObject({ token: mailTokenField });

export const sessionIdSchema = z.strictObject({ id: z.uuid({ error: "must be a session id" }) });
