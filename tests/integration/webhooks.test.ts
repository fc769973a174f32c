import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as placeOrderRoute } from "@/app/api/orders/route";
import { POST as statusRoute } from "@/app/api/orders/[id]/update_status/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/webhooks/route";
import {
  DELETE as deleteRoute,
  GET as detailRoute,
  PATCH as patchRoute,
} from "@/app/api/webhooks/[id]/route";
import { GET as deliveriesRoute } from "@/app/api/webhooks/[id]/deliveries/route";
import { GET as deliveryRoute } from "@/app/api/webhooks/[id]/deliveries/[delivery_id]/route";
import { POST as redeliverRoute } from "@/app/api/webhooks/[id]/deliveries/[delivery_id]/redeliver/route";
import { POST as pingRoute } from "@/app/api/webhooks/[id]/ping/route";
import { POST as rotateRoute } from "@/app/api/webhooks/[id]/rotate_secret/route";
import {
  auditLog,
  reviews,
  roles,
  userRoles,
  users,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from "@/db/schema";
import { resolvePrincipal } from "@/lib/auth/principal";
import { updateStock } from "@/lib/catalog/mutations";
import { resetEnvForTests } from "@/lib/env";
import { moderateReview } from "@/lib/reviews/moderate-review";
import { verifyWebhookSignature } from "@/lib/webhooks/signature";
import { startWebhookWorker, stopWebhookWorker } from "@/lib/webhooks/loop";
import { pruneWebhookDeliveries } from "@/lib/webhooks/retention";
import { OWNER_VIEW_LOST } from "@/lib/webhooks/audience";
import { NOT_PUBLIC, REFUSED_AT_DELIVERY } from "@/lib/webhooks/url-guard";
import { PER_ENDPOINT, runWebhookDeliveries } from "@/lib/webhooks/worker";
import { bearerFor, cookieFor } from "@/tests/helpers/auth";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { call, expectProblem, type CallResult } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();

type Auth = Record<string, string>;
type Endpoint = {
  id: string;
  owner: number;
  owner_email: string;
  url: string;
  description: string;
  events: string[];
  is_active: boolean;
  secret?: string;
  errors?: Record<string, string[]>;
  detail?: string;
};
type Delivery = {
  id: string;
  endpoint: string;
  event_id: string;
  event_type: string;
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  last_response_status: number | null;
  last_error: string | null;
  redelivery_of: string | null;
};
type Attempt = {
  attempt_number: number;
  response_status: number | null;
  response_body_excerpt: string | null;
  error: string | null;
  duration_ms: number;
};
type DeliveryDetail = Delivery & {
  payload: { id: string; type: string; data: Record<string, unknown> } | null;
  payload_withheld: boolean;
  attempts: Attempt[];
};
type Page<T> = { count: number; results: T[]; errors?: Record<string, string[]> };
type OrderData = {
  id: number;
  items: { product: number }[];
  is_partial_view: boolean;
  tax_amount: string | null;
  total_amount: string | null;
  subtotal: string;
  status: string;
};
const PORT_RULE = "The URL's port must be 443 or 8443.";
type Received = { path: string; headers: IncomingHttpHeaders; body: string };

const LEAK =
  /(select |insert into|update "|delete from|violates|constraint|duplicate key|relation "|syntax error|pglite|drizzle|sqlstate|whsec_|secret_encrypted|\.ts:\d+)/i;
const SHIPPING = {
  shipping_address: "1 Hook Street",
  shipping_city: "Springfield",
  shipping_postal_code: "12345",
  shipping_country: "US",
};

// ---- a local receiver on loopback (allowed by the development allowance this file turns on) ----
let server: Server;
let base: string;
const received: Received[] = [];
/** Per path: the statuses to answer, in order (then 200). "hang" never answers; 302 redirects to /redirected. */
const script = new Map<string, (number | "hang")[]>();
const at = (path: string) => received.filter((r) => r.path === path);

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body });
      const next = script.get(path)?.shift() ?? 200;
      if (next === "hang") return;
      if (next === 302) return void res.writeHead(302, { location: `${base}/redirected` }).end();
      res
        .writeHead(next, { "content-type": "text/plain" })
        .end(next >= 300 ? `receiver refused (${next}) ${"x".repeat(3000)}` : "ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

function setEnv(vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTests();
}
/** This file's configuration: the development allowance (the receiver is on loopback), a short backoff and timeout. */
const BASELINE = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: "1",
  WEBHOOK_BACKOFF_BASE_MS: "1000",
  WEBHOOK_TIMEOUT_MS: "1500",
};
beforeAll(() => setEnv(BASELINE));
// a test's own changes end with it
afterEach(() => {
  vi.unstubAllEnvs();
  setEnv(BASELINE);
});
afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

// ---- API helpers ----
const hook = (id: string, suffix = "") => ({ path: `/api/webhooks/${id}/${suffix}`, params: { id } });
const register = (auth: Auth, body: unknown) =>
  call<Endpoint>(createRoute, { method: "POST", path: "/api/webhooks/", headers: auth, body });
const list = (auth: Auth, query = "") =>
  call<Page<Endpoint>>(listRoute, { path: `/api/webhooks/${query}`, headers: auth });
const getHook = (auth: Auth, id: string) => call<Endpoint>(detailRoute, { ...hook(id), headers: auth });
const patchHook = (auth: Auth, id: string, body: unknown) =>
  call<Endpoint>(patchRoute, { method: "PATCH", ...hook(id), headers: auth, body });
const deleteHook = (auth: Auth, id: string) =>
  call(deleteRoute, { method: "DELETE", ...hook(id), headers: auth });
const rotate = (auth: Auth, id: string) =>
  call<Endpoint>(rotateRoute, { method: "POST", ...hook(id, "rotate_secret/"), headers: auth });
const ping = (auth: Auth, id: string) =>
  call<Delivery>(pingRoute, { method: "POST", ...hook(id, "ping/"), headers: auth });
const deliveries = (auth: Auth, id: string, query = "") =>
  call<Page<Delivery>>(deliveriesRoute, {
    path: `/api/webhooks/${id}/deliveries/${query}`,
    params: { id },
    headers: auth,
  });
const deliveryAt = (id: string, deliveryId: string, suffix = "") => ({
  path: `/api/webhooks/${id}/deliveries/${deliveryId}/${suffix}`,
  params: { id, delivery_id: deliveryId },
});
const delivery = (auth: Auth, id: string, deliveryId: string) =>
  call<DeliveryDetail>(deliveryRoute, { ...deliveryAt(id, deliveryId), headers: auth });
const redeliver = (auth: Auth, id: string, deliveryId: string) =>
  call<Delivery>(redeliverRoute, {
    method: "POST",
    ...deliveryAt(id, deliveryId, "redeliver/"),
    headers: auth,
  });
const placeOrder = (auth: Auth, items: { product_id: number; quantity: number }[]) =>
  call<OrderData>(placeOrderRoute, {
    method: "POST",
    path: "/api/orders/",
    headers: auth,
    body: { items, ...SHIPPING },
  });

function problem(res: CallResult, status: number): void {
  expectProblem(res, status);
  expect(res.text).not.toMatch(LEAK);
}
function badField(res: CallResult, field: string): void {
  problem(res, 400);
  expect(Object.keys((res.body.errors ?? {}) as object), res.text).toContain(field);
}

async function newEndpoint(
  auth: Auth,
  path: string,
  events: string[] = ["order.created"],
): Promise<Endpoint & { secret: string }> {
  const res = await register(auth, { url: `${base}${path}`, events });
  expect(res.status, res.text).toBe(201);
  return res.body as Endpoint & { secret: string };
}

/** The receiver's own check, with node:crypto only (not the app's helper): HMAC-SHA256 over "<t>.<raw body>", fresh t. */
function verifiedByReceiver(secret: string, r: Received): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers["shop-signature"]));
  if (!m) return false;
  if (Math.abs(Date.now() / 1000 - Number(m[1])) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${m[1]}.${r.body}`, "utf8").digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, "hex"));
}

const deliveriesOf = (endpointId: string) =>
  t.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(webhookDeliveries.createdAt);
/** Makes every pending delivery due now (the backoff itself is checked in the retry test). */
const makeDue = () =>
  t.db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: sql`now() - interval '1 second'` })
    .where(eq(webhookDeliveries.status, "pending"));
/** Everything due now, run after run (a run takes at most PER_ENDPOINT deliveries of one endpoint). */
async function drain(): Promise<void> {
  await makeDue();
  for (let i = 0; i < 50; i++) if ((await runWebhookDeliveries({ limit: 100 })).claimed === 0) return;
  throw new Error("the queue did not drain");
}
const auditsFor = (action: string, id: string) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, id)));

let customer: { id: number };
let customerAuth: Auth;
let seller: { id: number; email: string };
let sellerAuth: Auth;
let seller2: { id: number };
let seller2Auth: Auth;
let seller3Auth: Auth;
let admin: { id: number };
let adminAuth: Auth;
let product: { id: number };
let product2: { id: number };

beforeAll(async () => {
  customer = await createUser({ roles: ["CUSTOMER"] });
  customerAuth = (await bearerFor(customer)).headers;
  seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
  sellerAuth = (await bearerFor(seller)).headers;
  seller2 = await createUser({ roles: ["SELLER"] });
  seller2Auth = (await bearerFor(seller2)).headers;
  seller3Auth = (await bearerFor(await createUser({ roles: ["SELLER"] }))).headers;
  admin = await createUser({ roles: ["ADMIN", "CUSTOMER"] });
  adminAuth = (await bearerFor(admin)).headers;
  product = await createProduct(seller.id, { stockQuantity: 500, price: "12.50" });
  product2 = await createProduct(seller2.id, { stockQuantity: 500, price: "3.00" });
});

describe("MUST-SHOW: a signed order.created delivery, retried after a 500", () => {
  it("delivers to a local receiver, which verifies the signature; 500 then 200 gives two attempts in the log", async () => {
    const endpoint = await newEndpoint(sellerAuth, "/must-show");
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    script.set("/must-show", [500, 200]);

    const order = await placeOrder(customerAuth, [
      { product_id: product.id, quantity: 2 },
      { product_id: product2.id, quantity: 1 },
    ]);
    expect(order.status, order.text).toBe(201);
    const [queued] = await deliveriesOf(endpoint.id);
    expect(queued).toMatchObject({ status: "pending", attemptCount: 0, eventType: "order.created" });

    // first attempt: the receiver answers 500
    await runWebhookDeliveries();
    expect(at("/must-show")).toHaveLength(1);
    const first = at("/must-show")[0]!;
    expect(verifiedByReceiver(endpoint.secret, first)).toBe(true);
    expect(verifiedByReceiver(`${endpoint.secret}x`, first)).toBe(false);
    const body = JSON.parse(first.body) as {
      id: string;
      type: string;
      created_at: string;
      data: { order: OrderData };
    };
    expect(body).toMatchObject({ type: "order.created", data: { order: { id: order.body.id } } });
    expect(first.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "SecureShop-Webhooks/1",
      "shop-event": "order.created",
      "shop-event-id": body.id,
      "shop-delivery": queued!.id,
    });
    // the seller's view: only their line, no order-wide amounts
    expect(body.data.order.items.map((i) => i.product)).toEqual([product.id]);
    expect(body.data.order).toMatchObject({
      is_partial_view: true,
      tax_amount: null,
      total_amount: null,
      subtotal: "25.00",
    });

    const [afterFirst] = await deliveriesOf(endpoint.id);
    expect(afterFirst).toMatchObject({ status: "pending", attemptCount: 1, lastResponseStatus: 500 });
    // the backoff: base 1000 ms · 2^0, ±20 % jitter, counted from the attempt
    const wait = afterFirst!.nextAttemptAt.getTime() - afterFirst!.lastAttemptAt!.getTime();
    expect(wait).toBeGreaterThanOrEqual(700);
    expect(wait).toBeLessThanOrEqual(1400);

    // not due yet: nothing is sent
    await runWebhookDeliveries();
    expect(at("/must-show")).toHaveLength(1);

    // due: the retry is delivered and succeeds, signed afresh
    await new Promise((r) =>
      setTimeout(r, Math.max(0, afterFirst!.nextAttemptAt.getTime() - Date.now()) + 50),
    );
    await runWebhookDeliveries();
    expect(at("/must-show")).toHaveLength(2);
    const second = at("/must-show")[1]!;
    expect(second.body).toBe(first.body);
    expect(second.headers["shop-delivery"]).toBe(queued!.id);
    expect(verifiedByReceiver(endpoint.secret, second)).toBe(true);

    // the delivery log, through the API
    const log = await delivery(sellerAuth, endpoint.id, queued!.id);
    expect(log.status, log.text).toBe(200);
    expect(log.body).toMatchObject({
      status: "succeeded",
      attempt_count: 2,
      last_response_status: 200,
      next_attempt_at: null,
    });
    expect(log.body.attempts.map((a) => a.response_status)).toEqual([500, 200]);
    expect(log.body.attempts.map((a) => a.attempt_number)).toEqual([1, 2]);
    expect(log.body.attempts[0]!.error).toMatch(/HTTP 500/);
    expect(Buffer.byteLength(log.body.attempts[0]!.response_body_excerpt ?? "")).toBe(2048);
    expect(log.body.attempts[1]).toMatchObject({ response_body_excerpt: "ok", error: null });
    expect(log.body.payload).toEqual(JSON.parse(first.body));
    expect(log.text).not.toMatch(/whsec_/);
    // the app's documented helper agrees with the independent check
    expect(
      verifyWebhookSignature(endpoint.secret, String(second.headers["shop-signature"]), second.body),
    ).toMatchObject({ valid: true });
  });
});

describe("MUST-SHOW: SSRF guard at registration", () => {
  const urls = (port: string) => [
    `http://127.0.0.1:${port}/hook`,
    "http://10.0.0.5/",
    "http://169.254.169.254/latest/meta-data/",
  ];

  it("with the allowance off, loopback, private and metadata targets are refused with errors.url", async () => {
    setEnv({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "0" });
    const port = new URL(base).port;
    for (const url of [
      ...urls(port),
      "https://10.0.0.5/",
      "https://169.254.169.254/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://localhost/",
      "https://metadata.google.internal/",
    ]) {
      const res = await register(sellerAuth, { url, events: ["order.created"] });
      badField(res, "url");
      expect(res.body.errors!.url!.join(" "), url).toMatch(/may not reach|https|metadata/);
    }
    const https127 = await register(sellerAuth, {
      url: `https://127.0.0.1:${port}/`,
      events: ["order.created"],
    });
    // one answer for every refused host: nothing about what it resolves to, or whether it resolves at all
    expect(https127.body.errors?.url).toEqual([PORT_RULE, NOT_PUBLIC]);
    const loopback443 = await register(sellerAuth, { url: "https://127.0.0.1/", events: ["order.created"] });
    const unknown = await register(sellerAuth, { url: "https://nx.invalid/", events: ["order.created"] });
    expect(loopback443.body.errors?.url).toEqual([NOT_PUBLIC]);
    expect(unknown.body.errors?.url).toEqual([NOT_PUBLIC]);
    expect(loopback443.body.detail).toBe(unknown.body.detail);
    // a public https target is fine (never delivered here: deleted at once)
    const ok = await register(sellerAuth, { url: "https://93.184.215.14/hooks", events: ["order.created"] });
    expect(ok.status, ok.text).toBe(201);
    expect((await deleteHook(sellerAuth, ok.body.id)).status).toBe(204);
  });

  it("with the allowance on, loopback and private targets are accepted but metadata and link-local never", async () => {
    const port = new URL(base).port;
    const [loopback, privateNet, metadata] = urls(port);
    for (const url of [
      metadata!,
      "http://[fe80::1]/",
      "http://169.254.10.1/",
      "http://metadata.google.internal/",
      "http://0.0.0.0/",
      "http://224.0.0.1/",
    ]) {
      const res = await register(sellerAuth, { url, events: ["order.created"] });
      badField(res, "url");
    }
    const local = await register(sellerAuth, { url: loopback, events: ["order.created"], is_active: false });
    const lan = await register(sellerAuth, { url: privateNet, events: ["order.created"], is_active: false });
    expect([local.status, lan.status]).toEqual([201, 201]);
    await deleteHook(sellerAuth, local.body.id);
    await deleteHook(sellerAuth, lan.body.id);
  });

  it("a URL change is checked too", async () => {
    const endpoint = await newEndpoint(sellerAuth, "/patched");
    badField(await patchHook(sellerAuth, endpoint.id, { url: "http://169.254.169.254/" }), "url");
    setEnv({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "0" });
    badField(await patchHook(sellerAuth, endpoint.id, { url: "http://10.1.2.3/" }), "url");
    expect((await getHook(sellerAuth, endpoint.id)).body.url).toBe(`${base}/patched`);
    await deleteHook(sellerAuth, endpoint.id);
  });
});

describe("SSRF guard at delivery (the host now resolves to a refused address)", () => {
  it("does not contact the receiver and records the refusal as a failed attempt", async () => {
    const port = new URL(base).port;
    const res = await register(sellerAuth, {
      url: `http://localhost:${port}/rebind`,
      events: ["order.created"],
    });
    expect(res.status, res.text).toBe(201);
    const queued = await ping(sellerAuth, res.body.id);
    expect(queued.status, queued.text).toBe(202);

    setEnv({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "0" });
    await runWebhookDeliveries();
    expect(at("/rebind")).toHaveLength(0);
    const log = await delivery(sellerAuth, res.body.id, queued.body.id);
    expect(log.body).toMatchObject({ status: "pending", attempt_count: 1, last_response_status: null });
    // a short code: nothing about what the name resolves to now
    expect(log.body.attempts[0]!.error).toBe(REFUSED_AT_DELIVERY);
    expect(log.body.last_error).toBe(REFUSED_AT_DELIVERY);
    expect(log.body.attempts[0]!.response_status).toBeNull();
    await deleteHook(sellerAuth, res.body.id);
  });
});

describe("scoping: who receives what", () => {
  let a: Endpoint & { secret: string };
  let b: Endpoint & { secret: string };
  let c: Endpoint & { secret: string };
  let all: Endpoint & { secret: string };

  beforeAll(async () => {
    a = await newEndpoint(sellerAuth, "/scope-a", [
      "order.created",
      "order.status_changed",
      "product.low_stock",
      "review.approved",
    ]);
    b = await newEndpoint(seller2Auth, "/scope-b", ["order.created", "product.low_stock", "review.approved"]);
    c = await newEndpoint(seller3Auth, "/scope-c", ["order.created", "product.low_stock", "review.approved"]);
    all = await newEndpoint(adminAuth, "/scope-admin", [
      "order.created",
      "product.low_stock",
      "review.approved",
    ]);
  });
  afterAll(async () => {
    for (const e of [a, b, c, all]) await deleteHook(adminAuth, e.id);
  });

  const payloads = (path: string) =>
    at(path).map((r) => JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> });

  it("an order: its sellers get their own view, another seller nothing, the admin the full view; one event id", async () => {
    const order = await placeOrder(customerAuth, [{ product_id: product.id, quantity: 1 }]);
    expect(order.status, order.text).toBe(201);
    await drain();
    const mine = payloads("/scope-a").filter(
      (p) => p.type === "order.created" && (p.data.order as OrderData).id === order.body.id,
    );
    expect(mine).toHaveLength(1);
    expect(
      payloads("/scope-b").some(
        (p) => p.type === "order.created" && (p.data.order as OrderData).id === order.body.id,
      ),
    ).toBe(false);
    expect(payloads("/scope-c")).toHaveLength(0);
    const full = payloads("/scope-admin").filter(
      (p) => p.type === "order.created" && (p.data.order as OrderData).id === order.body.id,
    );
    expect(full).toHaveLength(1);
    expect(full[0]!.data.order).toMatchObject({
      is_partial_view: false,
      tax_amount: order.body.tax_amount,
      total_amount: order.body.total_amount,
    });
    expect(full[0]!.id).toBe(mine[0]!.id);
    for (const [path, e] of [
      ["/scope-a", a],
      ["/scope-admin", all],
    ] as const) {
      expect(at(path).every((r) => verifiedByReceiver(e.secret, r))).toBe(true);
    }
    // a seller who also holds the customer role still gets the seller's view of someone else's order
    expect(mine[0]!.data.order).toMatchObject({ is_partial_view: true, total_amount: null });
  });

  it("an order of two sellers: each gets only their own lines", async () => {
    const order = await placeOrder(customerAuth, [
      { product_id: product.id, quantity: 1 },
      { product_id: product2.id, quantity: 3 },
    ]);
    await drain();
    const find = (path: string) =>
      payloads(path).find(
        (p) => p.type === "order.created" && (p.data.order as OrderData).id === order.body.id,
      )?.data.order as OrderData;
    expect(find("/scope-a").items.map((i) => i.product)).toEqual([product.id]);
    expect(find("/scope-b").items.map((i) => i.product)).toEqual([product2.id]);
    expect(find("/scope-b").subtotal).toBe("9.00");
    expect(find("/scope-admin").items).toHaveLength(2);
  });

  it("order.status_changed carries the new status and the previous one, to subscribers only", async () => {
    const own = await createProduct(seller.id, { stockQuantity: 10 });
    const order = await placeOrder(customerAuth, [{ product_id: own.id, quantity: 1 }]);
    const moved = await call(statusRoute, {
      method: "POST",
      path: `/api/orders/${order.body.id}/update_status/`,
      params: { id: String(order.body.id) },
      headers: sellerAuth,
      body: { status: "CONFIRMED" },
    });
    expect(moved.status, moved.text).toBe(200);
    await drain();
    const changed = payloads("/scope-a").filter(
      (p) => p.type === "order.status_changed" && (p.data.order as OrderData).id === order.body.id,
    );
    expect(changed).toHaveLength(1);
    expect(changed[0]!.data).toMatchObject({ previous_status: "PENDING", order: { status: "CONFIRMED" } });
    expect(payloads("/scope-admin").some((p) => p.type === "order.status_changed")).toBe(false); // not subscribed
  });

  it("product.low_stock: the product's seller and the admin, from an order or a stock update", async () => {
    const low = await createProduct(seller.id, { stockQuantity: 7, lowStockThreshold: 5 });
    await placeOrder(customerAuth, [{ product_id: low.id, quantity: 1 }]); // 6: not low yet
    await placeOrder(customerAuth, [{ product_id: low.id, quantity: 2 }]); // 4: crosses the threshold
    await drain();
    const lowOf = (path: string) =>
      payloads(path).filter(
        (p) => p.type === "product.low_stock" && (p.data.product as { id: number }).id === low.id,
      );
    expect(lowOf("/scope-a")).toHaveLength(1);
    expect(lowOf("/scope-a")[0]!.data.product).toMatchObject({
      stock_quantity: 4,
      low_stock_threshold: 5,
      seller: seller.id,
    });
    expect(lowOf("/scope-admin")).toHaveLength(1);
    expect(lowOf("/scope-b")).toHaveLength(0);

    const sellerPrincipal = (await resolvePrincipal(
      new Request("http://localhost/", { headers: sellerAuth }),
    ))!;
    await updateStock(sellerPrincipal, low.id, { quantity: 50 }, null, {
      ip: null,
      userAgent: "vitest",
      requestId: null,
    });
    await updateStock(sellerPrincipal, low.id, { quantity: 3 }, null, {
      ip: null,
      userAgent: "vitest",
      requestId: null,
    });
    await drain();
    expect(lowOf("/scope-a")).toHaveLength(2);
    expect(lowOf("/scope-a")[1]!.data.product).toMatchObject({ stock_quantity: 3 });
  });

  it("review.approved: the product's seller (public view) and the admin (moderator view), nobody else", async () => {
    const [review] = await t.db
      .insert(reviews)
      .values({
        customerId: customer.id,
        productId: product.id,
        rating: 5,
        title: "Great lamp",
        comment: "Bright.",
      })
      .returning();
    const moderator = (await resolvePrincipal(new Request("http://localhost/", { headers: adminAuth })))!;
    await moderateReview(moderator, review!.id, "approved", null, {
      ip: null,
      userAgent: "vitest",
      requestId: null,
    });
    await drain();
    const approvedOf = (path: string) =>
      payloads(path).filter(
        (p) => p.type === "review.approved" && (p.data.review as { id: number }).id === review!.id,
      );
    expect(approvedOf("/scope-a")).toHaveLength(1);
    expect(approvedOf("/scope-a")[0]!.data.review).toMatchObject({ product: product.id, status: "approved" });
    expect(approvedOf("/scope-a")[0]!.data.review).not.toHaveProperty("customer_email");
    expect(approvedOf("/scope-admin")[0]!.data.review).toHaveProperty("customer_email");
    expect(approvedOf("/scope-b")).toHaveLength(0);
    expect(approvedOf("/scope-c")).toHaveLength(0);
  });

  it("an owner who was deactivated, or lost webhooks:manage, gets nothing", async () => {
    const gone = await createUser({ roles: ["SELLER"] });
    const goneProduct = await createProduct(gone.id, { stockQuantity: 10 });
    const endpoint = await newEndpoint((await bearerFor(gone)).headers, "/scope-gone");
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, gone.id));
    await placeOrder(customerAuth, [{ product_id: goneProduct.id, quantity: 1 }]);
    expect(await deliveriesOf(endpoint.id)).toHaveLength(0);

    const demoted = await createUser({ roles: ["SELLER"] });
    const demotedProduct = await createProduct(demoted.id, { stockQuantity: 10 });
    const other = await newEndpoint((await bearerFor(demoted)).headers, "/scope-demoted");
    await t.db.delete(userRoles).where(eq(userRoles.userId, demoted.id));
    await placeOrder(customerAuth, [{ product_id: demotedProduct.id, quantity: 1 }]);
    expect(await deliveriesOf(other.id)).toHaveLength(0);
    // the control: with the role back, the next order is delivered to it
    const [sellerRole] = await t.db.select().from(roles).where(eq(roles.name, "SELLER"));
    await t.db.insert(userRoles).values({ userId: demoted.id, roleId: sellerRole!.id });
    await placeOrder(customerAuth, [{ product_id: demotedProduct.id, quantity: 1 }]);
    expect(await deliveriesOf(other.id)).toHaveLength(1);
    await deleteHook(adminAuth, endpoint.id);
    await deleteHook(adminAuth, other.id);
  });

  it("a disabled endpoint gets no new deliveries, and a rolled-back order sends nothing", async () => {
    expect((await patchHook(sellerAuth, a.id, { is_active: false })).body.is_active).toBe(false);
    const before = (await deliveriesOf(a.id)).length;
    await placeOrder(customerAuth, [{ product_id: product.id, quantity: 1 }]);
    expect((await deliveriesOf(a.id)).length).toBe(before);
    await patchHook(sellerAuth, a.id, { is_active: true });

    // the seller's line is taken first (lower product id), then the scarce one fails: the whole order rolls back
    const scarce = await createProduct(seller2.id, { stockQuantity: 1 });
    const all = (await deliveriesOf(a.id)).length;
    const refused = await placeOrder(customerAuth, [
      { product_id: product.id, quantity: 1 },
      { product_id: scarce.id, quantity: 2 },
    ]);
    expect(refused.status).toBe(409);
    expect((await deliveriesOf(a.id)).length).toBe(all);
  });
});

describe("the durable queue", () => {
  it("a live lease of another (crashed or busy) instance is respected; an expired one is claimed again", async () => {
    const endpoint = await newEndpoint(sellerAuth, "/lease");
    const queued = await ping(sellerAuth, endpoint.id);
    await t.db
      .update(webhookDeliveries)
      .set({ lockedBy: "crashed-instance", lockedUntil: sql`now() + interval '5 minutes'` })
      .where(eq(webhookDeliveries.id, queued.body.id));
    await runWebhookDeliveries();
    expect(at("/lease")).toHaveLength(0);
    await t.db
      .update(webhookDeliveries)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(webhookDeliveries.id, queued.body.id));
    await runWebhookDeliveries();
    expect(at("/lease")).toHaveLength(1);
    const attempts = await t.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, queued.body.id));
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.workerId).not.toBe("crashed-instance");
    await deleteHook(sellerAuth, endpoint.id);
  });

  it("two runs at once deliver each delivery once", async () => {
    const endpoint = await newEndpoint(sellerAuth, "/twice");
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await ping(sellerAuth, endpoint.id)).body.id);
    const runs = await Promise.all([
      runWebhookDeliveries({ workerId: "one" }),
      runWebhookDeliveries({ workerId: "two" }),
    ]);
    expect(runs.reduce((s, r) => s + r.claimed, 0)).toBeGreaterThanOrEqual(PER_ENDPOINT);
    await drain();
    expect(
      at("/twice")
        .map((r) => r.headers["shop-delivery"])
        .sort(),
    ).toEqual([...ids].sort());
    await deleteHook(sellerAuth, endpoint.id);
  });

  it("after WEBHOOK_MAX_ATTEMPTS failures (error status, redirect, timeout) the delivery is failed and left alone", async () => {
    setEnv({ WEBHOOK_MAX_ATTEMPTS: "3", WEBHOOK_TIMEOUT_MS: "500" });
    const endpoint = await newEndpoint(sellerAuth, "/always-fails");
    script.set("/always-fails", [503, 302, "hang"]);
    const queued = await ping(sellerAuth, endpoint.id);
    for (let i = 0; i < 3; i++) await drain();
    expect(at("/redirected")).toHaveLength(0); // redirects are not followed
    const log = await delivery(sellerAuth, endpoint.id, queued.body.id);
    expect(log.body).toMatchObject({ status: "failed", attempt_count: 3, next_attempt_at: null });
    expect(log.body.attempts.map((a) => a.response_status)).toEqual([503, 302, null]);
    expect(log.body.attempts[2]!.error).toMatch(/no complete response within 500 ms/);
    await drain();
    expect(at("/always-fails")).toHaveLength(3);
    const failed = await deliveries(sellerAuth, endpoint.id, "?status=failed");
    expect(failed.body.results.map((d) => d.id)).toEqual([queued.body.id]);
    await deleteHook(sellerAuth, endpoint.id);
  });

  it("the worker loop (started by instrumentation.ts) delivers on its own, once per process", async () => {
    setEnv({ WEBHOOK_WORKER_INTERVAL_SECONDS: "1" });
    const endpoint = await newEndpoint(sellerAuth, "/loop");
    await ping(sellerAuth, endpoint.id);
    expect(startWebhookWorker()).toBe(true);
    expect(startWebhookWorker()).toBe(false);
    try {
      for (let i = 0; i < 40 && !at("/loop").length; i++) await new Promise((r) => setTimeout(r, 100));
      expect(at("/loop")).toHaveLength(1);
    } finally {
      stopWebhookWorker();
    }
    await deleteHook(sellerAuth, endpoint.id);
  });

  it("finished deliveries leave the log after the retention period; pending ones stay", async () => {
    const endpoint = await newEndpoint(sellerAuth, "/retention");
    const [oldDone, oldPending, recentDone] = await Promise.all(
      [1, 2, 3].map(async () => (await ping(sellerAuth, endpoint.id)).body.id),
    );
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
    await t.db
      .update(webhookDeliveries)
      .set({ status: "succeeded", completedAt: daysAgo(31) })
      .where(eq(webhookDeliveries.id, oldDone!));
    await t.db
      .update(webhookDeliveries)
      .set({ createdAt: daysAgo(40) })
      .where(eq(webhookDeliveries.id, oldPending!));
    await t.db
      .update(webhookDeliveries)
      .set({ status: "failed", completedAt: daysAgo(29) })
      .where(eq(webhookDeliveries.id, recentDone!));
    await pruneWebhookDeliveries();
    const left = (await deliveriesOf(endpoint.id)).map((d) => d.id);
    expect(left.sort()).toEqual([oldPending!, recentDone!].sort());
    await deleteHook(sellerAuth, endpoint.id);
  });

  it("a connection refused is a failed attempt, retried later", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const res = await register(sellerAuth, {
      url: `http://127.0.0.1:${port}/gone`,
      events: ["order.created"],
    });
    const queued = await ping(sellerAuth, res.body.id);
    await runWebhookDeliveries();
    const log = await delivery(sellerAuth, res.body.id, queued.body.id);
    expect(log.body).toMatchObject({ status: "pending", attempt_count: 1, last_error: "connection refused" });
    await deleteHook(sellerAuth, res.body.id);
  });
});

describe("redeliver and rotate", () => {
  it("redeliver queues the same body again (same event id, new delivery id), signed when sent", async () => {
    const endpoint = await newEndpoint(sellerAuth, "/again");
    const first = await ping(sellerAuth, endpoint.id);
    await runWebhookDeliveries();
    expect(at("/again")).toHaveLength(1);

    const again = await redeliver(sellerAuth, endpoint.id, first.body.id);
    expect(again.status, again.text).toBe(201);
    expect(again.body).toMatchObject({
      event_id: first.body.event_id,
      redelivery_of: first.body.id,
      status: "pending",
      attempt_count: 0,
    });
    expect(again.body.id).not.toBe(first.body.id);
    await runWebhookDeliveries();
    const [one, two] = at("/again");
    expect(two!.body).toBe(one!.body);
    expect(two!.headers["shop-delivery"]).toBe(again.body.id);
    expect(two!.headers["shop-event-id"]).toBe(first.body.event_id);
    expect(verifiedByReceiver(endpoint.secret, two!)).toBe(true);
    expect(await auditsFor("WEBHOOK_REDELIVER", endpoint.id)).toHaveLength(1);

    await patchHook(sellerAuth, endpoint.id, { is_active: false });
    problem(await redeliver(sellerAuth, endpoint.id, first.body.id), 409);
    problem(await ping(sellerAuth, endpoint.id), 409);
    await deleteHook(sellerAuth, endpoint.id);
  });

  it("rotate: the new secret (shown once) signs from now on, the old one no longer does", async () => {
    const endpoint = await newEndpoint(sellerAuth, "/rotate");
    const pending = await ping(sellerAuth, endpoint.id); // queued before the rotation, sent after it
    const rotated = await rotate(sellerAuth, endpoint.id);
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect((await getHook(sellerAuth, endpoint.id)).body).not.toHaveProperty("secret");
    await runWebhookDeliveries();
    const [sent] = at("/rotate");
    expect(sent!.headers["shop-delivery"]).toBe(pending.body.id);
    expect(verifiedByReceiver(rotated.body.secret!, sent!)).toBe(true);
    expect(verifiedByReceiver(endpoint.secret, sent!)).toBe(false);
    const [row] = await t.db
      .select({ sealed: webhookEndpoints.secretEncrypted })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpoint.id));
    expect(Buffer.from(row!.sealed).toString("utf8")).not.toContain(rotated.body.secret);
    expect(await auditsFor("WEBHOOK_ROTATE_SECRET", endpoint.id)).toHaveLength(1);
    await deleteHook(sellerAuth, endpoint.id);
  });
});

describe("API: permissions and ownership", () => {
  let mine: Endpoint & { secret: string };
  let firstDelivery: Delivery;
  beforeAll(async () => {
    mine = await newEndpoint(sellerAuth, "/perm", ["order.created"]);
    firstDelivery = (await ping(sellerAuth, mine.id)).body;
  });

  const everyRoute = (auth: Auth, id: string, deliveryId: string) => [
    getHook(auth, id),
    patchHook(auth, id, { description: "x" }),
    rotate(auth, id),
    ping(auth, id),
    deliveries(auth, id),
    delivery(auth, id, deliveryId),
    redeliver(auth, id, deliveryId),
    deleteHook(auth, id),
  ];

  it("anonymous callers get 401 everywhere", async () => {
    problem(await list({}), 401);
    problem(await register({}, { url: `${base}/x`, events: ["order.created"] }), 401);
    for (const res of await Promise.all(everyRoute({}, mine.id, firstDelivery.id))) problem(res, 401);
  });

  it("a customer (no webhooks:manage) gets 403 everywhere", async () => {
    problem(await list(customerAuth), 403);
    problem(await register(customerAuth, { url: `${base}/x`, events: ["order.created"] }), 403);
    for (const res of await Promise.all(everyRoute(customerAuth, mine.id, firstDelivery.id)))
      problem(res, 403);
  });

  it("another seller gets 404 on my endpoint and its deliveries, and does not see it listed", async () => {
    for (const res of await Promise.all(everyRoute(seller2Auth, mine.id, firstDelivery.id)))
      problem(res, 404);
    expect((await list(seller2Auth)).body.results.map((e) => e.id)).not.toContain(mine.id);
    expect((await getHook(sellerAuth, mine.id)).status).toBe(200);
  });

  it("a delivery id of another endpoint is a 404, even for its owner", async () => {
    const other = await newEndpoint(sellerAuth, "/perm-other");
    const foreign = (await ping(sellerAuth, other.id)).body;
    problem(await delivery(sellerAuth, mine.id, foreign.id), 404);
    problem(await redeliver(sellerAuth, mine.id, foreign.id), 404);
    await deleteHook(sellerAuth, other.id);
  });

  it("an admin lists and manages every endpoint", async () => {
    const listed = await list(adminAuth, `?owner=${seller.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.results.map((e) => e.id)).toContain(mine.id);
    expect(listed.body.results.every((e) => e.owner === seller.id && e.owner_email === seller.email)).toBe(
      true,
    );
    expect((await getHook(adminAuth, mine.id)).status).toBe(200);
    expect((await patchHook(adminAuth, mine.id, { description: "checked by admin" })).body.description).toBe(
      "checked by admin",
    );
    expect((await deliveries(adminAuth, mine.id)).body.count).toBeGreaterThan(0);
  });

  it("a seller's list holds only their own endpoints and never a secret", async () => {
    const res = await list(sellerAuth);
    expect(res.status).toBe(200);
    expect(res.body.results.every((e) => e.owner === seller.id)).toBe(true);
    expect(res.text).not.toMatch(/whsec_|secret"/);
  });

  it("a browser session needs this shop's Origin for writes", async () => {
    const cookie = (await cookieFor(seller)).headers;
    expect((await getHook(cookie, mine.id)).status).toBe(200);
    problem(await patchHook({ cookie: cookie.cookie }, mine.id, { description: "csrf" }), 403);
    expect((await patchHook(cookie, mine.id, { description: "same origin" })).status).toBe(200);
  });

  it("creates, updates and deletes are audited (without the secret or the URL's path)", async () => {
    const e = await newEndpoint(sellerAuth, "/audited?token=abc");
    await patchHook(sellerAuth, e.id, { events: ["order.created", "review.approved"] });
    expect((await deleteHook(sellerAuth, e.id)).status).toBe(204);
    problem(await getHook(sellerAuth, e.id), 404);
    const rows = await t.db
      .select()
      .from(auditLog)
      .where(
        and(
          inArray(auditLog.action, ["WEBHOOK_CREATE", "WEBHOOK_UPDATE", "WEBHOOK_DELETE"]),
          eq(auditLog.targetId, e.id),
        ),
      )
      .orderBy(auditLog.id);
    expect(rows.map((r) => r.action)).toEqual(["WEBHOOK_CREATE", "WEBHOOK_UPDATE", "WEBHOOK_DELETE"]);
    expect(rows.every((r) => r.actorUserId === seller.id)).toBe(true);
    const text = JSON.stringify(rows.map((r) => r.metadata));
    expect(text).not.toMatch(/whsec_|token=abc/);
    expect(rows[1]!.metadata).toMatchObject({
      changes: { events: { before: ["order.created"], after: ["order.created", "review.approved"] } },
    });
  });
});

describe("API: input validation and limits", () => {
  it("refuses bad bodies with errors naming the field", async () => {
    const url = `${base}/bad`;
    badField(await register(sellerAuth, { url, events: ["order.deleted"] }), "events.0");
    badField(await register(sellerAuth, { url, events: [] }), "events");
    badField(await register(sellerAuth, { url, events: ["ping"] }), "events.0");
    badField(await register(sellerAuth, { url, events: ["order.created", "order.created"] }), "events");
    badField(await register(sellerAuth, { events: ["order.created"] }), "url");
    badField(await register(sellerAuth, { url: "not a url", events: ["order.created"] }), "url");
    badField(await register(sellerAuth, { url: "ftp://example.com/", events: ["order.created"] }), "url");
    badField(
      await register(sellerAuth, { url: `http://user:pw@127.0.0.1:1/`, events: ["order.created"] }),
      "url",
    );
    badField(await register(sellerAuth, { url, events: ["order.created"], secret: "whsec_mine" }), "secret");
    badField(await register(sellerAuth, { url, events: ["order.created"], owner: seller2.id }), "owner");
    badField(
      await register(sellerAuth, { url, events: ["order.created"], description: "d".repeat(201) }),
      "description",
    );
    badField(await register(sellerAuth, { url, events: ["order.created"], is_active: "yes" }), "is_active");
    problem(
      await call(createRoute, {
        method: "POST",
        path: "/api/webhooks/",
        headers: { ...sellerAuth, "content-type": "application/json" },
        rawBody: "{not json",
      }),
      400,
    );
  });

  it("refuses bad ids, empty patches and unknown filters", async () => {
    const e = await newEndpoint(sellerAuth, "/validation");
    badField(await getHook(sellerAuth, "123"), "id");
    badField(await delivery(sellerAuth, e.id, "nope"), "delivery_id");
    badField(await patchHook(sellerAuth, e.id, {}), "non_field_errors");
    badField(await patchHook(sellerAuth, e.id, { events: ["nope"] }), "events.0");
    badField(await deliveries(sellerAuth, e.id, "?status=lost"), "status");
    badField(await deliveries(sellerAuth, e.id, "?event=order.deleted"), "event");
    badField(await list(sellerAuth, "?page_size=1000"), "page_size");
    problem(await getHook(sellerAuth, "0b0e7a4c-8f3e-4c1a-9a55-8d6f2f0c2b11"), 404);
    await deleteHook(sellerAuth, e.id);
  });

  it("lists deliveries newest first, filtered by status and event", async () => {
    const e = await newEndpoint(sellerAuth, "/filters");
    const p1 = (await ping(sellerAuth, e.id)).body;
    await runWebhookDeliveries();
    const p2 = (await ping(sellerAuth, e.id)).body;
    const all = await deliveries(sellerAuth, e.id);
    expect(all.body.results.map((d) => d.id)).toEqual([p2.id, p1.id]);
    expect((await deliveries(sellerAuth, e.id, "?status=succeeded")).body.results.map((d) => d.id)).toEqual([
      p1.id,
    ]);
    expect(
      (await deliveries(sellerAuth, e.id, "?status=pending&event=ping")).body.results.map((d) => d.id),
    ).toEqual([p2.id]);
    expect((await deliveries(sellerAuth, e.id, "?event=order.created")).body.count).toBe(0);
    const paged = await deliveries(sellerAuth, e.id, "?page_size=1&page=2");
    expect(paged.body.results.map((d) => d.id)).toEqual([p1.id]);
    await deleteHook(sellerAuth, e.id);
  });

  it("at most 10 endpoints per owner", async () => {
    const owner = await createUser({ roles: ["SELLER"] });
    const auth = (await bearerFor(owner)).headers;
    for (let i = 0; i < 10; i++)
      expect(
        (await register(auth, { url: `${base}/n${i}`, events: ["order.created"], is_active: false })).status,
      ).toBe(201);
    const eleventh = await register(auth, { url: `${base}/n10`, events: ["order.created"] });
    problem(eleventh, 409);
    expect(eleventh.body.detail).toMatch(/at most 10/);
    const count = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.ownerId, owner.id));
    expect(count[0]!.n).toBe(10);
  });
});

describe("review findings: the owner is checked again at send time, and before a stored payload is shown", () => {
  const roleId = async (name: string) =>
    (await t.db.select().from(roles).where(eq(roles.name, name)))[0]!.id;

  it("an administrator demoted to seller: the queued full-view order is not sent, not shown, not redelivered", async () => {
    const boss = await createUser({ roles: ["ADMIN", "SELLER"] });
    const bossAuth = (await bearerFor(boss)).headers;
    const endpoint = await newEndpoint(bossAuth, "/demoted-admin");
    const order = await placeOrder(customerAuth, [{ product_id: product2.id, quantity: 1 }]);
    expect(order.status, order.text).toBe(201);
    const [queued] = await deliveriesOf(endpoint.id);
    expect(queued).toMatchObject({ status: "pending", audience: "all" });
    const before = await delivery(bossAuth, endpoint.id, queued!.id);
    expect(before.body).toMatchObject({ payload_withheld: false, payload: { type: "order.created" } });

    await t.db
      .delete(userRoles)
      .where(and(eq(userRoles.userId, boss.id), eq(userRoles.roleId, await roleId("ADMIN"))));
    await drain();
    expect(at("/demoted-admin")).toHaveLength(0);
    const [after] = await deliveriesOf(endpoint.id);
    expect(after).toMatchObject({ status: "failed", attemptCount: 0, lastError: OWNER_VIEW_LOST });
    expect(after!.completedAt).not.toBeNull();

    // the owner (still a seller, still webhooks:manage) no longer reads the full-view body it was built for
    const shown = await delivery(bossAuth, endpoint.id, queued!.id);
    expect(shown.status, shown.text).toBe(200);
    expect(shown.body).toMatchObject({ payload: null, payload_withheld: true, last_error: OWNER_VIEW_LOST });
    expect(shown.text).not.toContain(String(order.body.total_amount));
    problem(await redeliver(bossAuth, endpoint.id, queued!.id), 409);
    // an administrator still sees it, but may not send it to an owner who may no longer receive it
    expect((await delivery(adminAuth, endpoint.id, queued!.id)).body.payload_withheld).toBe(false);
    problem(await redeliver(adminAuth, endpoint.id, queued!.id), 409);
    await deleteHook(adminAuth, endpoint.id);
  });

  it("a deactivated owner, or one without webhooks:manage: queued deliveries fail without being sent", async () => {
    const owner = await createUser({ roles: ["SELLER"] });
    const ownerAuth = (await bearerFor(owner)).headers;
    const own = await createProduct(owner.id, { stockQuantity: 10 });
    const endpoint = await newEndpoint(ownerAuth, "/deactivated-owner");
    await placeOrder(customerAuth, [{ product_id: own.id, quantity: 1 }]);
    const first = await ping(ownerAuth, endpoint.id);
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, owner.id));
    await drain();
    expect(at("/deactivated-owner")).toHaveLength(0);
    const rows = await deliveriesOf(endpoint.id);
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ["failed", OWNER_VIEW_LOST],
      ["failed", OWNER_VIEW_LOST],
    ]);

    // the control: active again, and without webhooks:manage (no role left), the redelivery is refused too
    await t.db.update(users).set({ isActive: true }).where(eq(users.id, owner.id));
    const again = await redeliver(adminAuth, endpoint.id, first.body.id);
    expect(again.status, again.text).toBe(201);
    await t.db.delete(userRoles).where(eq(userRoles.userId, owner.id));
    await drain();
    expect(at("/deactivated-owner")).toHaveLength(0);
    expect((await deliveriesOf(endpoint.id)).every((r) => r.status === "failed")).toBe(true);
    problem(await redeliver(adminAuth, endpoint.id, first.body.id), 409);
    await deleteHook(adminAuth, endpoint.id);
  });

  it("the control: an owner whose access is unchanged is delivered to", async () => {
    const owner = await createUser({ roles: ["SELLER"] });
    const endpoint = await newEndpoint((await bearerFor(owner)).headers, "/unchanged-owner");
    const own = await createProduct(owner.id, { stockQuantity: 10 });
    await placeOrder(customerAuth, [{ product_id: own.id, quantity: 1 }]);
    await drain();
    expect(at("/unchanged-owner")).toHaveLength(1);
    await deleteHook(adminAuth, endpoint.id);
  });
});

describe("review findings: fairness between endpoints, lease, retention", () => {
  const statusOf = async (id: string) =>
    (await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0]!;

  it("a run takes at most PER_ENDPOINT deliveries of one endpoint, counting those in flight elsewhere", async () => {
    const busy = await newEndpoint(sellerAuth, "/fair-busy");
    const quiet = await newEndpoint(seller2Auth, "/fair-quiet");
    for (let i = 0; i < 5; i++) await ping(sellerAuth, busy.id);
    await ping(seller2Auth, quiet.id);
    const run = await runWebhookDeliveries({ limit: 100 });
    expect(run.claimed).toBe(PER_ENDPOINT + 1);
    expect(at("/fair-busy")).toHaveLength(PER_ENDPOINT);
    expect(at("/fair-quiet")).toHaveLength(1);

    // two of the remaining three are being sent by another instance: this run may take none of them
    const pending = (await deliveriesOf(busy.id)).filter((d) => d.status === "pending");
    expect(pending).toHaveLength(3);
    await t.db
      .update(webhookDeliveries)
      .set({ lockedBy: "other-instance", lockedUntil: sql`now() + interval '5 minutes'` })
      .where(inArray(webhookDeliveries.id, [pending[0]!.id, pending[1]!.id]));
    expect((await runWebhookDeliveries({ limit: 100 })).claimed).toBe(0);
    await t.db
      .update(webhookDeliveries)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(inArray(webhookDeliveries.id, [pending[0]!.id, pending[1]!.id]));
    await drain();
    expect(at("/fair-busy")).toHaveLength(5);
    await deleteHook(sellerAuth, busy.id);
    await deleteHook(seller2Auth, quiet.id);
  });

  it("a hanging receiver does not hold the recording of the others; the lease covers DNS + send + margin", async () => {
    setEnv({ WEBHOOK_TIMEOUT_MS: "3000" });
    const slow = await newEndpoint(sellerAuth, "/hangs");
    const fast = await newEndpoint(seller2Auth, "/answers");
    script.set("/hangs", ["hang"]);
    const stuck = await ping(sellerAuth, slow.id);
    const quick = await ping(seller2Auth, fast.id);
    const run = runWebhookDeliveries({ limit: 100 });
    for (let i = 0; i < 40 && (await statusOf(quick.body.id)).status === "pending"; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await statusOf(quick.body.id)).status).toBe("succeeded");
    const inFlight = await statusOf(stuck.body.id);
    expect(inFlight.lockedBy).not.toBeNull();
    // a worst-case attempt: DNS (up to the timeout) + the send (up to the timeout) + a 60 s margin
    expect(inFlight.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(2 * 3000 + 60_000 - 2000);
    expect((await run).claimed).toBe(2);
    await deleteHook(sellerAuth, slow.id);
    await deleteHook(seller2Auth, fast.id);
  });

  it("the loop starts the next run while a run waits on a hanging receiver", async () => {
    setEnv({ WEBHOOK_TIMEOUT_MS: "4000", WEBHOOK_WORKER_INTERVAL_SECONDS: "1" });
    const slow = await newEndpoint(sellerAuth, "/hangs-loop");
    const fast = await newEndpoint(seller2Auth, "/answers-loop");
    script.set("/hangs-loop", ["hang"]);
    const stuck = await ping(sellerAuth, slow.id);
    expect(startWebhookWorker()).toBe(true);
    try {
      for (let i = 0; i < 30 && !at("/hangs-loop").length; i++) await new Promise((r) => setTimeout(r, 100));
      expect(at("/hangs-loop")).toHaveLength(1);
      const later = await ping(seller2Auth, fast.id);
      // well before the hanging attempt times out (4 s)
      for (let i = 0; i < 25 && (await statusOf(later.body.id)).status === "pending"; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect((await statusOf(later.body.id)).status).toBe("succeeded");
      expect((await statusOf(stuck.body.id))).toMatchObject({ status: "pending", attemptCount: 0 });
    } finally {
      stopWebhookWorker();
    }
    // let the hanging attempt end before the endpoint goes (its outcome is then simply not recorded)
    await new Promise((r) => setTimeout(r, 4200));
    await deleteHook(sellerAuth, slow.id);
    await deleteHook(seller2Auth, fast.id);
  }, 15_000);

  it("retention removes every expired delivery in one pass, batch after batch", async () => {
    const endpoint = await newEndpoint(sellerAuth, "/retention-batches");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await ping(sellerAuth, endpoint.id)).body.id);
    await t.db
      .update(webhookDeliveries)
      .set({ status: "succeeded", completedAt: new Date(Date.now() - 40 * 86_400_000) })
      .where(inArray(webhookDeliveries.id, ids));
    expect(await pruneWebhookDeliveries({ batch: 2 })).toBeGreaterThanOrEqual(5);
    expect(await deliveriesOf(endpoint.id)).toHaveLength(0);
    await deleteHook(sellerAuth, endpoint.id);
  });
});

describe("review findings: registration rules", () => {
  it("a URL that grows past 2048 characters once normalised is a 400 on url, not a 500", async () => {
    const raw = `${base}/${"é".repeat(700)}`;
    expect(raw.length).toBeLessThan(2048);
    const res = await register(sellerAuth, { url: raw, events: ["order.created"] });
    badField(res, "url");
    expect(res.body.errors!.url).toEqual(["The URL must be at most 2048 characters once normalised."]);
    const endpoint = await newEndpoint(sellerAuth, "/short");
    badField(await patchHook(sellerAuth, endpoint.id, { url: raw }), "url");
    await deleteHook(sellerAuth, endpoint.id);
  });

  it("only ports 443 and 8443, unless the development allowance is on", async () => {
    setEnv({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "0" });
    for (const port of [22, 80, 5432, 8080]) {
      const res = await register(sellerAuth, { url: `https://93.184.215.14:${port}/`, events: ["order.created"] });
      badField(res, "url");
      expect(res.body.errors!.url).toEqual([PORT_RULE]);
    }
    for (const url of ["https://93.184.215.14:8443/hooks", "https://93.184.215.14:443/hooks"]) {
      const ok = await register(sellerAuth, { url, events: ["order.created"], is_active: false });
      expect(ok.status, ok.text).toBe(201);
      await deleteHook(sellerAuth, ok.body.id);
    }
  });
});

describe("review findings: an event that cannot be queued is audited", () => {
  it("the order still succeeds, and the audit log holds WEBHOOK_ENQUEUE_FAILED (no payload, no personal data)", async () => {
    const endpoint = await newEndpoint(sellerAuth, "/enqueue-fails");
    // a real failure inside the enqueue savepoint: the queue refuses every insert for the length of this test
    await t.db.execute(sql`create or replace function refuse_webhook_delivery() returns trigger
      language plpgsql as $$ begin raise exception 'queue unavailable'; end $$`);
    await t.db.execute(sql`create trigger refuse_webhook_delivery before insert on webhook_deliveries
      for each row execute function refuse_webhook_delivery()`);
    const before = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(eq(auditLog.action, "WEBHOOK_ENQUEUE_FAILED"));
    try {
      const order = await placeOrder(customerAuth, [{ product_id: product.id, quantity: 1 }]);
      expect(order.status, order.text).toBe(201);
    } finally {
      await t.db.execute(sql`drop trigger refuse_webhook_delivery on webhook_deliveries`);
      await t.db.execute(sql`drop function refuse_webhook_delivery()`);
    }
    expect(await deliveriesOf(endpoint.id)).toHaveLength(0);
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, "WEBHOOK_ENQUEUE_FAILED"));
    expect(rows.length).toBe(before[0]!.n + 1);
    expect(rows.at(-1)).toMatchObject({ result: "FAILURE", targetType: "WEBHOOK", metadata: { event_type: "order.created" } });
    expect(JSON.stringify(rows.at(-1)!.metadata)).not.toMatch(/@|order_number|shipping|total/);
    await deleteHook(sellerAuth, endpoint.id);
  });
});
