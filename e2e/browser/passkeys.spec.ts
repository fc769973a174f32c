import type { CDPSession, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { newUser, register, signOut } from "../helpers/auth";

/**
 * Passkeys in the browser with Chromium's virtual authenticator (CDP WebAuthn domain): a platform authenticator
 * with resident keys and user verification, so the real navigator.credentials.create()/get() run against the
 * server's options and the server verifies real signatures. RP ID "localhost", origin APP_URL.
 */
test.describe.configure({ mode: "serial" });

const user = newUser("passkey", "Saffron-Harbour-4471");

async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test("add a passkey, sign in with it without a password, rename it, remove it", async ({ page }) => {
  const { cdp, authenticatorId } = await virtualAuthenticator(page);

  // a fresh account is signed in at once: a fresh sign-in, so adding a passkey is allowed
  await register(page, user);
  await page.goto("/account/security");
  const section = page.getByRole("region", { name: "Passkeys" });
  await expect(section.getByText("You have no passkeys yet.")).toBeVisible();

  const add = section.getByRole("form", { name: "Add a passkey" });
  await add.getByLabel("Name of the new passkey").fill("Test laptop");
  await add.getByRole("button", { name: "Add a passkey" }).click();
  await expect(add.getByRole("status")).toContainText("Passkey added");
  const items = section.getByRole("list", { name: "Your passkeys" }).getByRole("listitem");
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText("Test laptop");
  await expect(items.first()).toContainText("Last used");

  // the authenticator holds one discoverable credential for this site
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]!.isResidentCredential).toBe(true);
  expect(credentials[0]!.rpId).toBe("localhost");

  // sign out, then sign in with the passkey alone: no email, no password
  await signOut(page);
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);
  const [used] = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  expect(used!.signCount).toBeGreaterThan(0);

  // the passkey shows its use; rename it
  await page.goto("/account/security");
  await expect(items).toHaveCount(1);
  await expect(items.first()).not.toContainText("never");
  const rename = items.first().getByRole("form", { name: "Rename Test laptop" });
  await rename.getByLabel("New name").fill("Work laptop");
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(items.first().getByText("Work laptop", { exact: true })).toBeVisible();

  // remove it (this sign-in is fresh): it no longer signs in
  await items.first().getByRole("button", { name: "Remove" }).click();
  await expect(section.getByText("You have no passkeys yet.")).toBeVisible();
  await signOut(page);
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("region", { name: "Passkey sign-in" }).getByRole("status")).toHaveText("Passkey sign-in failed.");
  await expect(page).toHaveURL(/\/login(\?|$)/);
});
