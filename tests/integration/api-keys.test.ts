import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as keyRoute, DELETE as revokeRoute } from "@/app/api/auth/api-keys/[id]/route";
import { GET as listKeysRoute, POST as createKeyRoute } from "@/app/api/auth/api-keys/route";
import { POST as changePasswordRoute } from "@/app/api/auth/password/change/route";
import { POST as resetConfirm } from "@/app/api/auth/password/reset/confirm/route";
import { POST as resetRequest } from "@/app/api/auth/password/reset/route";
import { GET as sessionsRoute } from "@/app/api/auth/sessions/route";
import { GET as listOrdersRoute, POST as placeOrderRoute } from "@/app/api/orders/route";
import { POST as updateStockRoute } from "@/app/api/products/[id]/update_stock/route";
import { GET as productDetailRoute } from "@/app/api/products/[id]/route";
import { GET as listProductsRoute } from "@/app/api/products/route";
import { POST as revokeSessionsRoute } from "@/app/api/auth/users/[id]/revoke-sessions/route";
import { db } from "@/db/client";
import { apiKeys, auditLog, products, roles, sessions, userRoles, users } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { resetLimiterForTests } from "@/lib/ratelimit/limiter";
import { adminAndDeniedCallers, bearerFor, cookieFor } from "@/tests/helpers/auth";
import { createProduct, createUser, TEST_PASSWORD } from "@/tests/helpers/factories";
import { lastMailTo } from "@/tests/helpers/outbox";
import { call, expectProblem } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

type Key = { id: string; key: string; prefix: string; scopes: string[]; status: string; owner: number; last_used_at: string | null; last_used_ip: string | null; use_count: number } & Record<string, unknown>;
const FAR = new Date(Date.now() + 30 * 86_400_000).toISOString();

async function createKey(auth: Record<string, string>, body: Record<string, unknown>) {
  return call<Key>(createKeyRoute, { method: "POST", path: "/api/auth/api-keys/", headers: auth, body });
}

async function keyFor(user: { id: number }, scopes: string[], extra: Record<string, unknown> = {}) {
  const res = await createKey((await bearerFor(user)).headers, { name: "ERP sync", scopes, ...extra });
  expect(res.status).toBe(201);
  return res.body;
}

const stock = (productId: number, headers: Record<string, string>, quantity = 7) =>
  call(updateStockRoute, { method: "POST", path: `/api/products/${productId}/update_stock/`, params: { id: String(productId) }, headers: { ...headers, "x-forwarded-for": "198.51.100.7" }, body: { quantity } });

describe("POST /api/auth/api-keys/", () => {
  it("creates a key shown once, stored only as a hash, with a public prefix, audited", async () => {
    const seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const res = await createKey((await bearerFor(seller)).headers, { name: "  ERP sync\t", scopes: ["products:write"], expires_at: FAR });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.key).toMatch(/^shop_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    expect(res.body.key.startsWith(`${res.body.prefix}_`)).toBe(true);
    expect(res.body).toMatchObject({ name: "ERP sync", scopes: ["products:write"], status: "active", owner: seller.id, use_count: 0, last_used_at: null });
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, res.body.id));
    expect(row!.keyHash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify(await db().execute(sql`select * from api_keys`));
    expect(dump).not.toContain(res.body.key.slice(res.body.prefix.length + 1));
    // never shown again
    const again = await call<Key>(keyRoute, { path: `/api/auth/api-keys/${res.body.id}/`, params: { id: res.body.id }, headers: (await bearerFor(seller)).headers });
    expect(again.status).toBe(200);
    expect(again.body).not.toHaveProperty("key");
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.action, "API_KEY_CREATED"), eq(auditLog.targetId, res.body.id)));
    expect(audits).toHaveLength(1);
  });

  it("gives every key an expiry (90 days when none is asked for) and never an account-control scope, even to an admin", async () => {
    const { adminAuth } = await adminAndDeniedCallers();
    const plain = await createKey(adminAuth, { name: "report", scopes: ["audit:read"] });
    expect(plain.status).toBe(201);
    const days = (Date.parse(String(plain.body.expires_at)) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    for (const scope of ["roles:manage", "users:manage", "webhooks:manage"]) {
      const res = await createKey(adminAuth, { name: "too much", scopes: [scope] });
      expectProblem(res, 400);
      expect(res.body.errors).toHaveProperty("scopes.0");
    }
  });

  it("refuses scopes the caller does not hold (403, field error) and creates nothing", async () => {
    const customer = await createUser({ roles: ["CUSTOMER"] });
    const res = await createKey((await bearerFor(customer)).headers, { name: "x", scopes: ["orders:create", "products:write"] });
    expectProblem(res, 403);
    expect(res.body.errors).toEqual({ scopes: ["You do not have: products:write."] });
    expect(await db().select().from(apiKeys).where(eq(apiKeys.userId, customer.id))).toHaveLength(0);
  });

  it("needs a recent sign-in, a real session (not a key), and credentials at all", async () => {
    const seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const stale = await bearerFor(seller);
    await db().update(sessions).set({ createdAt: sql`now() - interval '11 minutes'` }).where(eq(sessions.id, stale.sessionId));
    const old = await createKey(stale.headers, { name: "x", scopes: ["products:write"] });
    expectProblem(old, 403);
    expect(old.body.reauthentication_required).toBe(true);

    const key = await keyFor(seller, ["products:write"]);
    expectProblem(await createKey({ "x-api-key": key.key }, { name: "minted", scopes: ["products:write"] }), 403);
    expectProblem(await createKey({}, { name: "x", scopes: ["products:write"] }), 401);
    // a cookie session from another site cannot create one either
    const cookie = await cookieFor(seller);
    expectProblem(await createKey({ ...cookie.headers, origin: "https://evil.example" }, { name: "x", scopes: ["products:write"] }), 403);
    expect((await createKey(cookie.headers, { name: "browser made", scopes: ["products:write"] })).status).toBe(201);
  });

  it("answers bad input with a 400 naming each field", async () => {
    const seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const auth = (await bearerFor(seller)).headers;
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "", scopes: ["products:write"] }, "name"],
      [{ name: "<b>x</b>", scopes: ["products:write"] }, "name"],
      [{ name: "x", scopes: [] }, "scopes"],
      [{ name: "x", scopes: ["products:write", "products:write"] }, "scopes"],
      [{ name: "x", scopes: ["root"] }, "scopes.0"],
      [{ name: "x", scopes: ["products:write"], expires_at: "2020-01-01T00:00:00Z" }, "expires_at"],
      [{ name: "x", scopes: ["products:write"], expires_at: "2099-01-01T00:00:00Z" }, "expires_at"],
      [{ name: "x", scopes: ["products:write"], expires_at: "tomorrow" }, "expires_at"],
      [{ name: "x", scopes: ["products:write"], owner: 1 }, "owner"],
      [{ name: "x", scopes: ["products:write"], expires_at: null }, "expires_at"],
      [{ name: "x", scopes: ["webhooks:manage"] }, "scopes.0"],
    ];
    for (const [body, field] of cases) {
      const res = await createKey(auth, body);
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors as object), JSON.stringify(body)).toContain(field);
    }
    expect(await db().select().from(apiKeys).where(eq(apiKeys.userId, seller.id))).toHaveLength(0);
  });
});

describe("using a key", () => {
  let seller: { id: number };
  let productId: number;
  let othersProductId: number;
  beforeAll(async () => {
    seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    productId = (await createProduct(seller.id, { stockQuantity: 3 })).id;
    const other = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    othersProductId = (await createProduct(other.id, { stockQuantity: 5 })).id;
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvForTests();
    resetLimiterForTests();
  });

  it("with only products:write: updates its owner's stock, 404 on another seller's, 403 on orders; revoked → 401 at once", async () => {
    const key = await keyFor(seller, ["products:write"]);
    const both: Record<string, string>[] = [{ "x-api-key": key.key }, { authorization: `Bearer ${key.key}` }, { authorization: `bearer ${key.key}` }];
    for (const [i, headers] of both.entries()) {
      const ok = await stock(productId, headers, 9 + i);
      expect(ok.status).toBe(200);
      expect(ok.body.stock_quantity).toBe(9 + i);
    }
    expectProblem(await stock(othersProductId, { "x-api-key": key.key }), 404);
    const [untouched] = await db().select().from(products).where(eq(products.id, othersProductId));
    expect(untouched!.stockQuantity).toBe(5);

    expectProblem(await call(listOrdersRoute, { path: "/api/orders/", headers: { "x-api-key": key.key } }), 403);
    const order = await call(placeOrderRoute, { method: "POST", path: "/api/orders/", headers: { "x-api-key": key.key }, body: { items: [{ product_id: othersProductId, quantity: 1 }], shipping_address: "1 Road", shipping_city: "Town", shipping_postal_code: "12345", shipping_country: "NL" } });
    expectProblem(order, 403);

    const revoke = await call(revokeRoute, { method: "DELETE", path: `/api/auth/api-keys/${key.id}/`, params: { id: key.id }, headers: (await bearerFor(seller)).headers });
    expect(revoke.status).toBe(204);
    const after = await stock(productId, { "x-api-key": key.key });
    expectProblem(after, 401);
    expect(after.body.detail).toBe("Invalid API key.");
    expect(after.headers.get("www-authenticate")).toContain("invalid_token");
  });

  it("records every use (audit row per request, last used time and IP, count) and every refusal", async () => {
    const key = await keyFor(seller, ["products:write"]);
    await stock(productId, { "x-api-key": key.key });
    await stock(othersProductId, { "x-api-key": key.key });
    const uses = await db().select().from(auditLog).where(and(eq(auditLog.action, "API_KEY_USED"), eq(auditLog.targetId, key.id))).orderBy(auditLog.id);
    expect(uses.map((u) => [u.result, (u.metadata as { status: number }).status, (u.metadata as { path: string }).path])).toEqual([
      ["SUCCESS", 200, `/api/products/${productId}/update_stock/`],
      ["FAILURE", 404, `/api/products/${othersProductId}/update_stock/`],
    ]);
    expect(uses[0]!.actorUserId).toBe(seller.id);
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.useCount).toBe(2);
    expect(row!.lastUsedIp).toBe("198.51.100.7");
    expect(row!.lastUsedAt).not.toBeNull();

    const wrong = `${key.prefix}_${"A".repeat(43)}`;
    expectProblem(await stock(productId, { "x-api-key": wrong }), 401);
    const [rejected] = await db().select().from(auditLog).where(eq(auditLog.action, "API_KEY_REJECTED")).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(rejected!.metadata).toMatchObject({ reason: "unknown", prefix: key.prefix });
    expect(JSON.stringify(rejected)).not.toContain("A".repeat(43));

    // a flood of bad keys from one address is refused every time but audited only up to api.key.rejected (30/min)
    const before = await db().select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, "API_KEY_REJECTED"));
    for (let i = 0; i < 35; i++) {
      const res = await call(listProductsRoute, { path: "/api/products/", headers: { "x-api-key": "junk", "x-forwarded-for": "203.0.113.99" } });
      expect(res.status).toBe(401);
    }
    const after = await db().select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, "API_KEY_REJECTED"));
    expect(after[0]!.n - before[0]!.n).toBe(30);
  });

  it("is refused when malformed, unknown or expired — even on public routes, so a client never runs anonymous by mistake", async () => {
    const key = await keyFor(seller, ["products:write"]);
    expectProblem(await call(listProductsRoute, { path: "/api/products/", headers: { "x-api-key": "not-a-key" } }), 401);
    expectProblem(await call(listProductsRoute, { path: "/api/products/", headers: { "x-api-key": `shop_aaaaaaaaaaaa_${"b".repeat(43)}` } }), 401);
    expect((await call(listProductsRoute, { path: "/api/products/", headers: { "x-api-key": key.key } })).status).toBe(200);
    await db().update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, key.id));
    const expired = await stock(productId, { "x-api-key": key.key });
    expectProblem(expired, 401);
    expect(expired.body.detail).toBe("This API key has expired.");
  });

  it("serves a key without a fitting scope as an anonymous caller on public routes (never the owner's private view)", async () => {
    const owner = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const hidden = await createProduct(owner.id, { isActive: false });
    const detail = (headers: Record<string, string>) => call(productDetailRoute, { path: `/api/products/${hidden.id}/`, params: { id: String(hidden.id) }, headers });
    const productsKey = await keyFor(owner, ["products:write"]);
    const ordersKey = await keyFor(owner, ["orders:fulfil"]);
    const own = await detail({ "x-api-key": productsKey.key });
    expect(own.status).toBe(200);
    expect(own.body).toHaveProperty("low_stock_threshold");
    expectProblem(await detail({ "x-api-key": ordersKey.key }), 404);
    // still the owner's key: its use is audited
    const [use] = await db().select().from(auditLog).where(and(eq(auditLog.action, "API_KEY_USED"), eq(auditLog.targetId, ordersKey.id)));
    expect((use!.metadata as { status: number }).status).toBe(404);
  });

  it("keeps working when the owner's sign-in is locked by wrong passwords (anyone can cause that), stops when deactivated", async () => {
    const owner = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const pid = (await createProduct(owner.id)).id;
    const key = await keyFor(owner, ["products:write"]);
    await db().update(users).set({ lockedUntil: sql`now() + interval '15 minutes'` }).where(eq(users.id, owner.id));
    expect((await stock(pid, { "x-api-key": key.key })).status).toBe(200);
  });

  it("counts a key's requests against its owner's per-user limits, whatever the client IP", async () => {
    const owner = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const pid = (await createProduct(owner.id)).id;
    const key = await keyFor(owner, ["products:write"]);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(updateStockRoute, { method: "POST", path: `/api/products/${pid}/update_stock/`, params: { id: String(pid) }, headers: { "x-api-key": key.key, "x-forwarded-for": `192.0.2.${i + 1}` }, body: { quantity: i } });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.detail).toContain("products.update_stock");
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("acts with the scopes its owner still holds: a demoted owner's key loses them; a deactivated owner's key is refused", async () => {
    const owner = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const pid = (await createProduct(owner.id)).id;
    const key = await keyFor(owner, ["products:write"]);
    expect((await stock(pid, { "x-api-key": key.key })).status).toBe(200);
    const [sellerRole] = await db().select().from(roles).where(eq(roles.name, "SELLER"));
    await db().delete(userRoles).where(and(eq(userRoles.userId, owner.id), eq(userRoles.roleId, sellerRole!.id)));
    expectProblem(await stock(pid, { "x-api-key": key.key }), 403);
    await db().update(users).set({ isActive: false }).where(eq(users.id, owner.id));
    expectProblem(await stock(pid, { "x-api-key": key.key }), 401);
  });

  it("never reaches account self-service (password, sessions, keys)", async () => {
    const key = await keyFor(seller, ["products:write"]);
    const h = { "x-api-key": key.key };
    expectProblem(await call(sessionsRoute, { path: "/api/auth/sessions/", headers: h }), 403);
    expectProblem(await call(listKeysRoute, { path: "/api/auth/api-keys/", headers: h }), 403);
    expectProblem(await call(changePasswordRoute, { method: "POST", path: "/api/auth/password/change/", headers: h, body: { current_password: "x", new_password: "y", new_password_confirm: "y" } }), 403);
  });

  it("has its own rate limit per key (API_KEY_RATE_LIMIT_PER_HOUR), with Retry-After", async () => {
    vi.stubEnv("API_KEY_RATE_LIMIT_PER_HOUR", "2");
    resetEnvForTests();
    resetLimiterForTests();
    const a = await keyFor(seller, ["products:write"]);
    const b = await keyFor(seller, ["products:write"]);
    expect((await stock(productId, { "x-api-key": a.key })).status).toBe(200);
    expect((await stock(productId, { "x-api-key": a.key })).status).toBe(200);
    const limited = await stock(productId, { "x-api-key": a.key });
    expectProblem(limited, 429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // another key of the same owner has its own budget
    expect((await stock(productId, { "x-api-key": b.key })).status).toBe(200);
  });
});

describe("listing and revoking", () => {
  it("revokes a user's keys on a password reset (recovery), not on a password change by the owner", async () => {
    const seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const [kept, lost] = [await keyFor(seller, ["products:write"]), await keyFor(seller, ["products:write"])];
    const [{ email }] = (await db().select({ email: users.email }).from(users).where(eq(users.id, seller.id))) as [{ email: string }];
    const change = await call(changePasswordRoute, { method: "POST", path: "/api/auth/password/change/", headers: (await bearerFor(seller)).headers, body: { current_password: TEST_PASSWORD, new_password: "Quartz-Lantern-Orbit-71", new_password_confirm: "Quartz-Lantern-Orbit-71" } });
    expect(change.status).toBe(200);
    expect((await db().select().from(apiKeys).where(eq(apiKeys.id, kept.id)))[0]!.revokedAt).toBeNull();

    await call(resetRequest, { method: "POST", path: "/api/auth/password/reset/", body: { email } });
    const mail = await lastMailTo(email);
    const done = await call(resetConfirm, { method: "POST", path: "/api/auth/password/reset/confirm/", body: { token: mail.token, new_password: "Marigold-Sextant-39", new_password_confirm: "Marigold-Sextant-39" } });
    expect(done.status).toBe(200);
    const rows = await db().select().from(apiKeys).where(eq(apiKeys.userId, seller.id));
    expect(rows.map((r) => [r.id === kept.id || r.id === lost.id, r.revokedReason])).toEqual([
      [true, "password_reset"],
      [true, "password_reset"],
    ]);
  });

  it("revokes a user's keys with \"revoke sessions\" (an admin's, or the agent's on token reuse)", async () => {
    const { adminAuth } = await adminAndDeniedCallers();
    const seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const key = await keyFor(seller, ["products:write"]);
    const res = await call(revokeSessionsRoute, { method: "POST", path: `/api/auth/users/${seller.id}/revoke-sessions/`, params: { id: String(seller.id) }, headers: adminAuth });
    expect(res.status).toBe(200);
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row).toMatchObject({ revokedReason: "admin_revoked_sessions" });
    expectProblem(await stock((await createProduct(seller.id)).id, { "x-api-key": key.key }), 401);
  });

  it("shows a user their own keys; an admin everyone's (owner=all) and may revoke any; others get 403/404", async () => {
    const { adminAuth, denied } = await adminAndDeniedCallers();
    const seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const key = await keyFor(seller, ["products:write"]);
    const mine = await call<{ results: Key[] }>(listKeysRoute, { path: "/api/auth/api-keys/", headers: (await bearerFor(seller)).headers });
    expect(mine.body.results.map((k) => k.id)).toEqual([key.id]);

    for (const { headers } of denied) {
      expectProblem(await call(listKeysRoute, { path: "/api/auth/api-keys/?owner=all", headers }), 403);
      expectProblem(await call(keyRoute, { path: `/api/auth/api-keys/${key.id}/`, params: { id: key.id }, headers }), 404);
      expectProblem(await call(revokeRoute, { method: "DELETE", path: `/api/auth/api-keys/${key.id}/`, params: { id: key.id }, headers }), 404);
    }
    expectProblem(await call(listKeysRoute, { path: "/api/auth/api-keys/?owner=everyone" , headers: adminAuth }), 400);
    expectProblem(await call(keyRoute, { path: "/api/auth/api-keys/nope/", params: { id: "nope" }, headers: adminAuth }), 400);
    expectProblem(await call(listKeysRoute, { path: "/api/auth/api-keys/" }), 401);

    const all = await call<{ results: Key[] }>(listKeysRoute, { path: "/api/auth/api-keys/?owner=all&status=active&page_size=100", headers: adminAuth });
    expect(all.body.results.map((k) => k.id)).toContain(key.id);
    const revoke = await call(revokeRoute, { method: "DELETE", path: `/api/auth/api-keys/${key.id}/`, params: { id: key.id }, headers: adminAuth });
    expect(revoke.status).toBe(204);
    const shown = await call<Key & { revoked_reason: string }>(keyRoute, { path: `/api/auth/api-keys/${key.id}/`, params: { id: key.id }, headers: (await bearerFor(seller)).headers });
    expect(shown.body).toMatchObject({ status: "revoked", revoked_reason: "revoked_by_admin" });
    expectProblem(await stock((await createProduct(seller.id)).id, { "x-api-key": key.key }), 401);
  });
});
