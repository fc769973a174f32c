import { describe, expect, it } from "vitest";
import { routePattern } from "./route-pattern";

describe("routePattern", () => {
  it("puts the route's params back as their [name] segments", () => {
    expect(routePattern("/api/orders/42/cancel/", { id: "42" })).toBe("/api/orders/[id]/cancel/");
    expect(routePattern("/api/products/blue-shirt/", { id: "blue-shirt" })).toBe("/api/products/[id]/");
    expect(routePattern("/api/auth/webauthn/credentials/a%20b/", { id: "a b" })).toBe("/api/auth/webauthn/credentials/[id]/");
  });

  it("folds a catch-all into one [...name] segment, whatever the client asked for", () => {
    expect(routePattern("/api/wp-admin/setup-config.php", { path: ["wp-admin", "setup-config.php"] })).toBe("/api/[...path]/");
    expect(routePattern("/api/a/b/c/d/e/f/g/h/i/", { path: ["a", "b", "c", "d", "e", "f", "g", "h", "i"] })).toBe("/api/[...path]/");
  });

  it("adds the trailing slash, so /api/x and /api/x/ count together", () => {
    expect(routePattern("/api/products")).toBe("/api/products/");
    expect(routePattern("/api/products/")).toBe("/api/products/");
    expect(routePattern("/")).toBe("/");
  });

  it("without params, replaces numeric, UUID and token-like segments", () => {
    expect(routePattern("/api/orders/123/")).toBe("/api/orders/[id]/");
    expect(routePattern("/api/files/0b8e4c1e-5f4a-4d0e-9b7a-3c2d1e0f9a8b/download/")).toBe("/api/files/[id]/download/");
    expect(routePattern("/api/x/AbC123def456GHI789jk/")).toBe("/api/x/[id]/");
    expect(routePattern("/api/auth/token/refresh/")).toBe("/api/auth/token/refresh/");
    expect(routePattern("/api/orders/my-orders-list/")).toBe("/api/orders/my-orders-list/");
  });

  it("bounds the number of segments and the length", () => {
    expect(routePattern("/a/b/c/d/e/f/g/h/i/j/")).toBe("/a/b/c/d/e/f/g/[...rest]/");
    expect(routePattern(`/api/${"x".repeat(300)}/`).length).toBeLessThanOrEqual(200);
  });

  it("tolerates malformed percent-encoding", () => {
    expect(routePattern("/api/products/%E0%A4%A/", { id: "%E0%A4%A" })).toBe("/api/products/[id]/");
  });
});
