import { createHash } from "node:crypto";
import { test as base, expect } from "@playwright/test";

/**
 * Each test is one client: the e2e server trusts one proxy hop (TRUSTED_PROXY_HOPS=1), and every request of the
 * test carries an X-Forwarded-For address of its own. The real rate limits and IP lockouts then apply per test, as
 * they would to separate visitors, instead of adding up for 127.0.0.1 across the whole suite.
 */
function clientIpFor(testId: string): string {
  const h = createHash("sha256").update(testId).digest();
  return `198.18.${h[0]}.${(h[1]! % 254) + 1}`;
}

/**
 * Every browser test fails on a console error, an uncaught page error or a CSP violation: the pages must work
 * under the security headers they are served with.
 */
export const test = base.extend<{ consoleGuard: void; expectedHttpErrors: string[]; clientIp: string }>({
  clientIp: async ({}, provide, testInfo) => provide(clientIpFor(testInfo.testId)),
  extraHTTPHeaders: async ({ clientIp }, provide) => provide({ "x-forwarded-for": clientIp }),
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
