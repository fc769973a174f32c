import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-redirect";

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/account/security")).toBe("/account/security");
    expect(safeNextPath("/products?search=oak#top")).toBe("/products?search=oak#top");
  });

  it("refuses anything that leaves the site", () => {
    for (const bad of ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "evil", "", null, undefined, "/%2F%2Fevil.example"]) {
      const out = safeNextPath(bad);
      expect(out.startsWith("/")).toBe(true);
      expect(out.startsWith("//")).toBe(false);
    }
    expect(safeNextPath("https://evil.example/")).toBe("/");
    expect(safeNextPath("//evil.example", "/account")).toBe("/account");
  });
});
