import { expect, test } from "../fixtures";
import { alternateLoopbackBase, DEMO_PASSWORD, expectLoginRefused, newUser, register, signIn, signOut, submitLogin } from "../helpers/auth";
import { waitForMail } from "../helpers/outbox";

/**
 * Identity flows in the browser, in order: each test builds on the account of the ones before. The lockout test is
 * last: the per-IP lock it triggers would refuse every later sign-in from its address (it uses 127.0.0.2 when
 * available, so 127.0.0.1 / ::1 keeps at most a few failures, below the IP threshold).
 */
test.describe.configure({ mode: "serial" });

const PASSWORDS = ["Cobalt-Lantern-8812", "Granite-Orchard-5306", "Velvet-Compass-2794"] as const;
const user = newUser("ident", PASSWORDS[0]);
const RESET_ANSWER = /If an account exists for that address, a link to reset its password is on its way/;

test("register → the verification mail arrives → its link confirms the email on a button press", async ({ page }) => {
  const since = Date.now();
  await register(page, user);
  await expect(page.getByRole("heading", { name: "Your email is not verified yet" })).toBeVisible();
  await expect(page.getByTestId("email-status")).toHaveText("Not verified");

  const mail = await waitForMail(user.email, { subject: "Confirm your email address", since });
  expect(mail.link).toMatch(/^\/verify-email\?token=/);
  await page.goto(mail.link);
  // opening the link again (as a mail scanner would) does not use the token: only the button's POST does
  await page.reload();
  const form = page.getByRole("form", { name: "Confirm your email" });
  await form.getByRole("button", { name: "Confirm my email" }).click();
  await expect(form.getByRole("status")).toHaveText("Your email address is confirmed.");
  await form.getByRole("link", { name: "Go to your account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("email-status")).toHaveText("Verified");
  await expect(page.getByRole("heading", { name: "Your email is not verified yet" })).toHaveCount(0);

  // a used link is refused
  await page.goto(mail.link);
  await expect(page.getByText("This link is invalid or has expired")).toBeVisible();

  await signOut(page);
});

test("sessions are listed and revocable; a password change signs out the other devices and only the new password works", async ({ page, browser, clientIp }) => {
  await signIn(page, user.email, user.password);
  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    await signIn(otherPage, user.email, user.password);

    await page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Security" }).click();
    await expect(page).toHaveURL(/\/account\/security$/);
    const sessions = page.getByRole("list", { name: "Live sessions" }).getByRole("listitem");
    await expect(sessions).toHaveCount(2);
    const mine = sessions.filter({ hasText: "This device" });
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText("Browser session");
    // the session records the client address by the trusted-proxy rule (this test's own X-Forwarded-For)
    await expect(mine).toContainText(clientIp);
    await expect(mine).toContainText("Chrome");

    // revoke the other device: it is signed out at once
    await sessions.filter({ hasNotText: "This device" }).getByRole("button", { name: "Revoke", exact: true }).click();
    await expect(sessions).toHaveCount(1);
    await otherPage.goto("/account");
    await expect(otherPage).toHaveURL(/\/login\?next=%2Faccount$/);

    // sign it in again, then change the password here: the other device is signed out, this one stays
    await signIn(otherPage, user.email, user.password);
    await page.reload();
    await expect(sessions).toHaveCount(2);
    const change = page.getByRole("form", { name: "Change your password" });
    await change.getByLabel("Current password").fill(user.password);
    await change.getByLabel("New password", { exact: true }).fill(PASSWORDS[1]);
    await change.getByLabel("Confirm new password").fill(PASSWORDS[1]);
    await change.getByRole("button", { name: "Change password" }).click();
    await expect(change.getByRole("status")).toHaveText("Password changed. 1 other session was signed out.");
    await expect(sessions).toHaveCount(1);
    await otherPage.goto("/account");
    await expect(otherPage).toHaveURL(/\/login\?next=%2Faccount$/);
  } finally {
    await other.close();
  }

  await page.goto("/account");
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);
  await signOut(page);
  await submitLogin(page, user.email, PASSWORDS[0]);
  await expectLoginRefused(page);
  await signIn(page, user.email, PASSWORDS[1]);
});

test("forgot password: the same answer for unknown addresses; the mailed link sets a new password once", async ({ page }) => {
  await page.goto("/forgot-password");
  const form = page.getByRole("form", { name: "Ask for a password reset link" });
  await form.getByLabel("Email").fill(`nobody-${Date.now()}@example.com`);
  await form.getByRole("button", { name: "Send the reset link" }).click();
  await expect(form.getByRole("status")).toHaveText(RESET_ANSWER);

  await page.goto("/forgot-password");
  const since = Date.now();
  await form.getByLabel("Email").fill(user.email.toUpperCase());
  await form.getByRole("button", { name: "Send the reset link" }).click();
  await expect(form.getByRole("status")).toHaveText(RESET_ANSWER);

  const mail = await waitForMail(user.email, { subject: "Reset your password", since });
  expect(mail.link).toMatch(/^\/reset-password\?token=/);
  await page.goto(mail.link);
  const reset = page.getByRole("form", { name: "Choose a new password" });
  await reset.getByLabel("New password", { exact: true }).fill(PASSWORDS[2]);
  await reset.getByLabel("Confirm new password").fill(PASSWORDS[2]);
  await reset.getByRole("button", { name: "Set the new password" }).click();
  await expect(reset.getByRole("status")).toContainText("Your password has been reset");

  await submitLogin(page, user.email, PASSWORDS[1]);
  await expectLoginRefused(page);
  await signIn(page, user.email, PASSWORDS[2]);

  // the link worked once
  await page.goto(mail.link);
  await expect(page.getByText("This link is invalid or has expired")).toBeVisible();
});

test("an anonymous visit to /account goes through sign-in and back; an off-site next is ignored", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
  await submitLogin(page, "customer@example.com", DEMO_PASSWORD, { navigate: false });
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("customer@example.com");
  // a customer holds no admin permission: no Admin link
  await expect(page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await signOut(page);

  // the page drops an off-site next …
  await page.goto(`/login?next=${encodeURIComponent("https://evil.example/steal")}`);
  await expect(page.locator('input[name="next"]')).toHaveValue("/account");
  await submitLogin(page, "customer@example.com", DEMO_PASSWORD, { navigate: false });
  await expect(page).toHaveURL(/^http:\/\/[^/]+\/account$/);
  await signOut(page);

  // … and so does the action when the hidden field is tampered with
  await page.goto("/login?next=%2Fproducts");
  await page.locator('input[name="next"]').evaluate((el) => ((el as HTMLInputElement).value = "//evil.example/steal"));
  await submitLogin(page, "customer@example.com", DEMO_PASSWORD, { navigate: false });
  await expect(page).toHaveURL(/^http:\/\/[^/]+\/account$/);
  await signOut(page);

  // a same-site next is honoured; the admin sees the Admin link
  await page.goto(`/login?next=${encodeURIComponent("/admin/audit")}`);
  await submitLogin(page, "admin@example.com", DEMO_PASSWORD, { navigate: false });
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Admin" })).toBeVisible();
});

// LAST: it locks the client IP it runs from for AUTH_LOCKOUT_MINUTES.
test("lockout: after 5 wrong passwords the right one is refused with the same message; the IP is locked too", async ({ page, browser, baseURL }) => {
  const victim = newUser("locked", "Amber-Thistle-6150");
  await register(page, victim);
  await signOut(page);

  const altBase = await alternateLoopbackBase(baseURL!);
  test.info().annotations.push({ type: "attacker address", description: altBase ?? `${baseURL} (no second loopback address: account lock not isolated)` });
  // the attacker is another client: its own address (contexts inherit this test's X-Forwarded-For otherwise)
  const attackerContext = await browser.newContext({ baseURL: altBase ?? baseURL, extraHTTPHeaders: { "x-forwarded-for": "198.19.0.66" } });
  try {
    const attacker = await attackerContext.newPage();
    for (let i = 1; i <= 5; i++) {
      await submitLogin(attacker, victim.email, `Wrong-Guess-${i}-Zebra`);
      await expectLoginRefused(attacker);
    }
    // the sixth attempt, with the right password: the same generic refusal
    await submitLogin(attacker, victim.email, victim.password);
    await expectLoginRefused(attacker);
    // the per-IP lock: another account's right password is refused from this address too
    await submitLogin(attacker, user.email, PASSWORDS[2]);
    await expectLoginRefused(attacker);
  } finally {
    await attackerContext.close();
  }

  if (altBase) {
    // from another address: the account itself is locked, while other accounts sign in (the IP lock is per IP)
    await submitLogin(page, victim.email, victim.password);
    await expectLoginRefused(page);
    await signIn(page, user.email, PASSWORDS[2]);
  }
});
