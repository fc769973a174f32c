import { readFile } from "node:fs/promises";
import type { BrowserContext, Page } from "@playwright/test";
import { totpCode } from "../../lib/auth/totp";
import { expect, test } from "../fixtures";
import { newUser, register, signOut, submitLogin } from "../helpers/auth";

/**
 * TOTP in the browser, in order (each test builds on the account of the ones before): turn it on from
 * /account/security by reading the secret off the page (no QR scanning), then sign in with password + code, see a
 * reused code refused, use a recovery code once, and turn it off. Codes come from the app's own generator at the
 * server's default settings. Only two deliberate failures, far below the per-IP lockout of the e2e server.
 */
test.describe.configure({ mode: "serial" });

const user = newUser("totp", "Saffron-Kettle-4417");
const SETTINGS = { digits: 6, period: 30 } as const;
/** The code `offset` steps from now; the server accepts ±1 step and each step once. */
const codeAt = (secret: string, offset = 0) => totpCode(secret, Date.now() + offset * SETTINGS.period * 1000, SETTINGS);

let secret = "";
let recovery: string[] = [];

const mfaSection = (page: Page) => page.getByRole("region", { name: "Two-factor authentication" });

async function hasSessionCookie(context: BrowserContext): Promise<boolean> {
  return (await context.cookies()).some((c) => c.name.endsWith("authjs.session-token"));
}

async function secondStep(page: Page, kind: "totp" | "recovery", code: string): Promise<void> {
  const step = page.getByRole("form", { name: "Two-step verification" });
  await expect(step).toBeVisible();
  if (kind === "recovery") await step.getByRole("button", { name: "Use a recovery code" }).click();
  await step.getByLabel(kind === "totp" ? "Authentication code" : "Recovery code").fill(code);
  await step.getByRole("button", { name: "Verify" }).click();
}

async function expectSignedIn(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);
}

async function expectSecondStepRefused(page: Page): Promise<void> {
  const form = page.getByRole("form", { name: "Sign in" });
  await expect(form.getByRole("status")).toHaveText(/That code was not accepted/);
  await expect(form.getByLabel("Email", { exact: true })).toHaveValue(user.email);
  await expect(page).toHaveURL(/\/login(\?|$)/);
}

test("turn on an authenticator app from /account/security; the recovery codes are shown once", async ({ page }) => {
  await register(page, user);
  await page.goto("/account/security");
  const section = mfaSection(page);
  const factors = section.getByRole("list", { name: "Your sign-in factors" });
  await expect(factors.getByRole("listitem").filter({ hasText: "Authenticator app" })).toContainText("Off");

  await section.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(section.getByRole("img", { name: /QR code/ })).toHaveAttribute("src", /^data:image\/png;base64,/);
  secret = ((await section.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  const confirm = section.getByRole("form", { name: "Confirm your authenticator app" });
  await confirm.getByLabel("Code from your authenticator app").fill(codeAt(secret));
  await confirm.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  const codes = section.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  recovery = await codes.allTextContents();
  await expect(section.getByTestId("totp-secret")).toHaveCount(0);
  await expect(factors.getByRole("listitem").filter({ hasText: "Authenticator app" })).toContainText("On");

  // the download is a text file with the same codes
  const download = page.waitForEvent("download");
  await section.getByRole("link", { name: "Download" }).click();
  const file = await readFile(await (await download).path(), "utf8");
  for (const code of recovery) expect(file).toContain(code);

  await section.getByRole("button", { name: "I have saved them" }).click();
  await expect(codes).toHaveCount(0);
  await page.reload();
  await expect(section.getByRole("list", { name: "Recovery codes" })).toHaveCount(0);
  await expect(factors.getByRole("listitem").filter({ hasText: "Recovery codes" })).toContainText("10 of 10 left");
  await signOut(page);
});

test("signing in takes the password, then a code; no session before the code; a code works once", async ({ page, context }) => {
  await submitLogin(page, user.email, user.password);
  await expect(page.getByRole("form", { name: "Two-step verification" })).toBeVisible();
  expect(await hasSessionCookie(context)).toBe(false);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);

  // a fresh step (the one the setup used is spent): the next one, which the server's ±1 window accepts
  const code = codeAt(secret, 1);
  await submitLogin(page, user.email, user.password, { navigate: false });
  await secondStep(page, "totp", code);
  await expectSignedIn(page);
  await signOut(page);

  await submitLogin(page, user.email, user.password);
  await secondStep(page, "totp", code);
  await expectSecondStepRefused(page);
  expect(await hasSessionCookie(context)).toBe(false);
});

test("a recovery code signs in once", async ({ page }) => {
  await submitLogin(page, user.email, user.password);
  await secondStep(page, "recovery", recovery[0]!);
  await expectSignedIn(page);
  await signOut(page);

  await submitLogin(page, user.email, user.password);
  await secondStep(page, "recovery", recovery[0]!);
  await expectSecondStepRefused(page);

  await submitLogin(page, user.email, user.password, { navigate: false });
  await secondStep(page, "recovery", recovery[1]!.toUpperCase());
  await expectSignedIn(page);
  await page.goto("/account/security");
  await expect(mfaSection(page).getByRole("list", { name: "Your sign-in factors" })).toContainText("8 of 10 left");
});

test("turning it off takes the password and a code; then the password alone signs in", async ({ page }) => {
  await submitLogin(page, user.email, user.password);
  await secondStep(page, "recovery", recovery[2]!);
  await expectSignedIn(page);
  await page.goto("/account/security");
  const off = mfaSection(page).getByRole("form", { name: "Turn off two-factor authentication" });
  await off.getByLabel("Your password").fill(user.password);
  await off.getByLabel("Code from your app, or a recovery code").fill(recovery[3]!);
  await off.getByRole("button", { name: "Turn off two-factor authentication" }).click();
  await expect(mfaSection(page).getByRole("status").first()).toHaveText("Two-factor authentication is off.");
  await expect(mfaSection(page).getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();
  await signOut(page);

  await submitLogin(page, user.email, user.password);
  await expectSignedIn(page);
});
