import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as placeOrderRoute } from "@/app/api/orders/route";
import { POST as createRoute } from "@/app/api/webhooks/route";
import { GET as deliveryRoute } from "@/app/api/webhooks/[id]/deliveries/[delivery_id]/route";
import { POST as redeliverRoute } from "@/app/api/webhooks/[id]/deliveries/[delivery_id]/redeliver/route";
import { POST as pingRoute } from "@/app/api/webhooks/[id]/ping/route";
import { roles, userRoles, users, webhookDeliveries } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { runWebhookDeliveries } from "@/lib/webhooks/worker";
import { bearerFor } from "@/tests/helpers/auth";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { call } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();
let server: Server;
let base: string;
const got: { path: string; body: string }[] = [];
const hang = new Set<string>();
const SHIP = { shipping_address: "1 A St", shipping_city: "X", shipping_postal_code: "1", shipping_country: "US" };

beforeAll(async () => {
  vi.stubEnv("WEBHOOK_ALLOW_PRIVATE_TARGETS", "1");
  vi.stubEnv("WEBHOOK_TIMEOUT_MS", "800");
  resetEnvForTests();
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ path: req.url ?? "", body });
      if (hang.has(req.url ?? "")) return;
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  resetEnvForTests();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const reg = async (auth: Record<string, string>, path: string) => {
  const r = await call<{ id: string }>(createRoute, { method: "POST", path: "/api/webhooks/", headers: auth, body: { url: `${base}${path}`, events: ["order.created"] } });
  expect(r.status, r.text).toBe(201);
  return r.body.id;
};
const order = async (auth: Record<string, string>, items: { product_id: number; quantity: number }[]) => {
  const r = await call<{ id: number }>(placeOrderRoute, { method: "POST", path: "/api/orders/", headers: auth, body: { items, ...SHIP } });
  expect(r.status, r.text).toBe(201);
  return r.body.id;
};
const at = (p: string) => got.filter((g) => g.path === p);

describe("revocation is not applied to queued deliveries", () => {
  it("a deactivated seller still receives pending deliveries (and retries) queued before deactivation", async () => {
    const customer = (await bearerFor(await createUser({ roles: ["CUSTOMER"] }))).headers;
    const seller = await createUser({ roles: ["SELLER"] });
    const p = await createProduct(seller.id, { stockQuantity: 50 });
    const ep = await reg((await bearerFor(seller)).headers, "/gone");
    await order(customer, [{ product_id: p.id, quantity: 1 }]);
    // account deactivated (e.g. a compromised or fraudulent seller) BEFORE the worker runs
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, seller.id));
    await runWebhookDeliveries({ limit: 100 });
    expect(at("/gone")).toHaveLength(1); // README: "an owner who is deactivated ... gets nothing"
    expect(JSON.parse(at("/gone")[0]!.body).data.order.customer_email).toMatch(/@/);
    void ep;
  });

  it("an admin demoted to seller keeps receiving, reading and re-sending full-view orders of every seller", async () => {
    const customer = (await bearerFor(await createUser({ roles: ["CUSTOMER"] }))).headers;
    const otherSeller = await createUser({ roles: ["SELLER"] });
    const p = await createProduct(otherSeller.id, { stockQuantity: 50 });
    const admin = await createUser({ roles: ["ADMIN"] });
    const ep = await reg((await bearerFor(admin)).headers, "/exadmin");
    hang.add("/exadmin"); // the first attempt fails, so the delivery is a pending retry at demotion time
    await order(customer, [{ product_id: p.id, quantity: 1 }]);
    await runWebhookDeliveries({ limit: 100 });
    expect(at("/exadmin")).toHaveLength(1);
    hang.delete("/exadmin");
    // demotion: ADMIN role removed, SELLER given (keeps webhooks:manage)
    const [adminRole] = await t.db.select().from(roles).where(eq(roles.name, "ADMIN"));
    const [sellerRole] = await t.db.select().from(roles).where(eq(roles.name, "SELLER"));
    await t.db.delete(userRoles).where(eq(userRoles.userId, admin.id));
    await t.db.insert(userRoles).values({ userId: admin.id, roleId: sellerRole!.id });
    void adminRole;
    await t.db.update(webhookDeliveries).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(webhookDeliveries.endpointId, ep));
    await runWebhookDeliveries({ limit: 100 });
    expect(at("/exadmin")).toHaveLength(2);
    const sent = JSON.parse(at("/exadmin")[1]!.body);
    expect(sent.data.order.is_partial_view).toBe(false); // full view of another seller's order, after demotion
    // and through the API, as a plain seller now
    const demoted = (await bearerFor(admin)).headers;
    const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, ep));
    const detail = await call<{ payload: { data: { order: { is_partial_view: boolean; total_amount: string } } } }>(deliveryRoute, { path: `/api/webhooks/${ep}/deliveries/${row!.id}/`, params: { id: ep, delivery_id: row!.id }, headers: demoted });
    expect(detail.status, detail.text).toBe(200);
    expect(detail.body.payload.data.order.is_partial_view).toBe(false);
    const again = await call(redeliverRoute, { method: "POST", path: `/api/webhooks/${ep}/deliveries/${row!.id}/redeliver/`, params: { id: ep, delivery_id: row!.id }, headers: demoted });
    expect(again.status, again.text).toBe(201);
    await runWebhookDeliveries({ limit: 100 });
    expect(at("/exadmin")).toHaveLength(3);
  });
});

describe("one slow receiver holds back everyone's deliveries (batch barrier, no per-endpoint cap)", () => {
  it("a tarpit delivery in each batch makes every batch last the full timeout", async () => {
    const attacker = await createUser({ roles: ["SELLER"] });
    const aAuth = (await bearerFor(attacker)).headers;
    const tarpit = await reg(aAuth, "/tarpit");
    hang.add("/tarpit");
    const victim = await createUser({ roles: ["SELLER"] });
    const vAuth = (await bearerFor(victim)).headers;
    const good = await reg(vAuth, "/victim");
    const ping = (auth: Record<string, string>, id: string) => call(pingRoute, { method: "POST", path: `/api/webhooks/${id}/ping/`, params: { id }, headers: auth });
    // interleave: 1 tarpit ping, then 19 victim pings, repeated 3 times
    for (let round = 0; round < 3; round++) {
      expect((await ping(aAuth, tarpit)).status).toBe(202);
      for (let i = 0; i < 19; i++) await ping(vAuth, good);
    }
    await t.db.update(webhookDeliveries).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(webhookDeliveries.status, "pending"));
    const started = Date.now();
    let runs = 0;
    while (at("/victim").length < 57 && runs < 10) {
      await runWebhookDeliveries({ limit: 20 });
      runs++;
    }
    const elapsed = Date.now() - started;
    // 57 healthy deliveries that each take ~1 ms needed three full timeouts (3 × 800 ms)
    expect(at("/victim")).toHaveLength(57);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 800);
    console.log(`REVIEW: 57 healthy deliveries took ${elapsed} ms in ${runs} runs because of 3 tarpit deliveries`);
  });
});

describe("URL length is checked before normalisation", () => {
  it("a URL under 2048 characters that normalises past 2048 is a 500, not a 400", async () => {
    const s = (await bearerFor(await createUser({ roles: ["SELLER"] }))).headers;
    const raw = `${base}/${"é".repeat(1000)}`;
    expect(raw.length).toBeLessThan(2048);
    const r = await call(createRoute, { method: "POST", path: "/api/webhooks/", headers: s, body: { url: raw, events: ["order.created"] } });
    console.log("REVIEW: long-normalised URL →", r.status, r.text.slice(0, 200));
    expect(r.status).toBe(500);
  });
});
