import type { Page } from "@playwright/test";
import { expect } from "../fixtures";

export const DEMO_PASSWORD = process.env.SEED_DEMO_PASSWORD ?? "Demo-Shop-2026!";

export type NewUser = { email: string; username: string; firstName: string; lastName: string; password: string };

/** A fresh account per run: unique email and username. */
export function newUser(tag: string, password: string): NewUser {
  const id = `${tag}${Date.now()}${Math.floor(Math.random() * 1000)}`;
  return { email: `${id}@example.com`, username: id, firstName: "Robin", lastName: "Quill", password };
}

/** Fills and submits the sign-in form; opens /login first unless the page is already on it (to keep its `next`). */
export async function submitLogin(page: Page, email: string, password: string, options: { navigate?: boolean } = {}): Promise<void> {
  if (options.navigate ?? true) await page.goto("/login");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email", { exact: true }).fill(email);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

/** The one refusal message, whatever the reason; the page stays on /login. */
export async function expectLoginRefused(page: Page): Promise<void> {
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("status")).toHaveText("Invalid credentials.");
  await expect(page).toHaveURL(/\/login(\?|$)/);
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await submitLogin(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Your account" }).getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
}

export async function register(page: Page, user: NewUser): Promise<void> {
  await page.goto("/register");
  const form = page.getByRole("form", { name: "Create an account" });
  await form.getByLabel("Email", { exact: true }).fill(user.email);
  await form.getByLabel("Username", { exact: true }).fill(user.username);
  await form.getByLabel("First name").fill(user.firstName);
  await form.getByLabel("Last name").fill(user.lastName);
  await form.getByLabel("Password", { exact: true }).fill(user.password);
  await form.getByLabel("Confirm password").fill(user.password);
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);
}

/**
 * The same server on another loopback address (127.0.0.2), so a test can sign in "from another IP" and an IP lock
 * stays confined to it. Null where that address is not routed to the server (then the caller uses the main one).
 */
export async function alternateLoopbackBase(baseURL: string): Promise<string | null> {
  const url = new URL(baseURL);
  url.hostname = "127.0.0.2";
  try {
    const res = await fetch(new URL("/api/health/", url), { signal: AbortSignal.timeout(3000) });
    return res.ok ? url.origin : null;
  } catch {
    return null;
  }
}
