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

export const loginSchema = z.strictObject({ email: emailField, password: passwordField });
export const tokenObtainSchema = z.strictObject({ email: emailField, password: passwordField });
export const refreshSchema = z.strictObject({ refresh: z.string().min(1, "This field is required.").max(200) });
export const verifyTokenSchema = z.strictObject({ token: z.string().min(1, "This field is required.").max(4096) });

export const profileUpdateSchema = z.strictObject({
  username: usernameField.optional(),
  first_name: nameField.optional(),
  last_name: nameField.optional(),
  phone_number: phoneField.optional(),
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
