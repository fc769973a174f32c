import { describe, expect, it } from "vitest";
import { buildPageCsp, newNonce } from "./csp";
import { HSTS, staticSecurityHeaders } from "./headers";

describe("security header values", () => {
  it("adds HSTS only when asked (production over https)", () => {
    const withHsts = new Map(staticSecurityHeaders({ hsts: true }));
    expect(withHsts.get("Strict-Transport-Security")).toBe("max-age=63072000; includeSubDomains; preload");
    expect(HSTS).toBe(withHsts.get("Strict-Transport-Security"));
    expect(new Map(staticSecurityHeaders({ hsts: false })).has("Strict-Transport-Security")).toBe(false);
  });

  it("builds the page CSP around the nonce, upgrading requests over https, eval only for the dev server", () => {
    const nonce = newNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const prod = buildPageCsp({ dev: false, https: true })(nonce);
    expect(prod).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic';`);
    expect(prod).toContain("upgrade-insecure-requests");
    expect(prod).not.toMatch(/unsafe-eval/);
    const dev = buildPageCsp({ dev: true, https: false })(nonce);
    expect(dev).toMatch(/'strict-dynamic' 'unsafe-eval'/);
    expect(dev).not.toContain("upgrade-insecure-requests");
    expect(newNonce()).not.toBe(nonce);
  });
});
