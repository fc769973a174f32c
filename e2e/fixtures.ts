import { test as base, expect } from "@playwright/test";

/**
 * Every browser test fails on a console error, an uncaught page error or a CSP violation: the pages must work
 * under the security headers they are served with.
 */
export const test = base.extend<{ consoleGuard: void; expectedHttpErrors: string[] }>({
  /** Paths a test navigates to on purpose that answer 4xx/5xx (the browser logs those as console errors). */
  expectedHttpErrors: [[], { option: true }],
  consoleGuard: [
    async ({ page, expectedHttpErrors }, use) => {
      const problems: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const url = msg.location().url;
        const expected =
          msg.text().startsWith("Failed to load resource") && expectedHttpErrors.some((p) => url && new URL(url).pathname === p);
        if (!expected) problems.push(`console.error: ${msg.text()} (${url})`);
      });
      page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (e) => {
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      await use();
      expect(problems, "console errors, page errors or CSP violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
