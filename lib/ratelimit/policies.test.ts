import { describe, expect, it } from "vitest";
import { POLICIES, policiesFor } from "./policies";

const names = (method: string, path: string, signedIn: boolean | "api_key" = false) => policiesFor(method, path, signedIn).map((p) => p.name);

describe("rate-limit policy table", () => {
  it("maps each protected endpoint to its policies, with the general policy last", () => {
    expect(names("POST", "/api/auth/login/")).toEqual(["auth.login.ip", "auth.login.account", "api.anon"]);
    expect(names("POST", "/api/auth/token")).toEqual(["auth.login.ip", "auth.login.account", "api.anon"]);
    expect(names("POST", "/api/auth/token/refresh/")).toEqual(["auth.refresh", "api.anon"]);
    expect(names("POST", "/api/auth/register/")).toEqual(["auth.register", "api.anon"]);
    expect(names("POST", "/api/auth/password/reset/")).toEqual(["auth.password_reset.ip", "auth.password_reset.account", "api.anon"]);
    expect(names("POST", "/api/auth/totp/verify/", true)).toEqual(["auth.mfa.user", "auth.mfa.ip", "api.user"]);
    expect(names("POST", "/api/auth/webauthn/authenticate/start/")).toEqual(["auth.webauthn", "api.anon"]);
    expect(names("POST", "/api/orders/", true)).toEqual(["orders.create.user", "orders.create.ip", "api.user"]);
    expect(names("POST", "/api/orders/12/cancel/", true)).toEqual(["orders.cancel", "api.user"]);
    expect(names("PATCH", "/api/products/7/", true)).toEqual(["products.update", "api.user"]);
    expect(names("POST", "/api/products/7/update_stock/", true)).toEqual(["products.update_stock", "api.user"]);
    expect(names("DELETE", "/api/reviews/3/mark_helpful/", true)).toEqual(["reviews.vote", "api.user"]);
    expect(names("POST", "/api/files/", true)).toEqual(["files.create.user", "files.create.ip", "api.user"]);
    expect(names("POST", "/api/monitoring/ai-actions/trigger_monitoring/", true)).toEqual(["monitoring.trigger", "api.user"]);
    expect(names("POST", "/api/monitoring/alerts/4/acknowledge/", true)).toEqual(["monitoring.act", "api.user"]);
    expect(names("GET", "/api/monitoring/dashboard/", true)).toEqual(["api.user"]);
    expect(names("GET", "/api/products/")).toEqual(["api.anon"]);
    expect(names("GET", "/api/products/", true)).toEqual(["api.user"]);
    expect(names("POST", "/api/auth/api-keys/", true)).toEqual(["api_keys.write", "api.user"]);
    expect(names("DELETE", "/api/auth/api-keys/0b6c0f1e-5f0e-4a43-9a43-3d3c0f3a5b21/", true)).toEqual(["api_keys.write", "api.user"]);
  });

  it("counts requests that present an API key per IP at the edge (api.key.ip), the endpoint's own limits first", () => {
    expect(names("GET", "/api/products/", "api_key")).toEqual(["api.key.ip"]);
    expect(names("POST", "/api/products/7/update_stock/", "api_key")).toEqual(["products.update_stock", "api.key.ip"]);
    expect(POLICIES["api.key"]).toMatchObject({ limit: 1000, windowSeconds: 3600, key: "api_key" });
  });

  it("is at least as strict as the original's limits", () => {
    expect(POLICIES["api.anon"]).toMatchObject({ limit: 100, windowSeconds: 3600 });
    expect(POLICIES["api.user"]).toMatchObject({ limit: 1000, windowSeconds: 3600 });
    expect(POLICIES["orders.create.user"]).toMatchObject({ limit: 5, windowSeconds: 60 });
    expect(POLICIES["orders.create.ip"]).toMatchObject({ limit: 10, windowSeconds: 60 });
    expect(POLICIES["products.update_stock"]).toMatchObject({ limit: 5, windowSeconds: 60 });
    expect(POLICIES["reviews.vote"]).toMatchObject({ limit: 5, windowSeconds: 60 });
    expect(POLICIES["auth.login.ip"].limit).toBeLessThanOrEqual(10);
    expect(POLICIES["auth.register"]).toMatchObject({ limit: 5, windowSeconds: 3600 });
  });
});
