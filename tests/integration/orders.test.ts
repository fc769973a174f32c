import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/orders/route";
import { DELETE as deleteRoute, GET as detailRoute, PATCH as patchRoute, PUT as putRoute } from "@/app/api/orders/[id]/route";
import { POST as cancelRoute } from "@/app/api/orders/[id]/cancel/route";
import { POST as statusRoute } from "@/app/api/orders/[id]/update_status/route";
import { db } from "@/db/client";
import { auditLog, orderItems, orders, products } from "@/db/schema";
import { env } from "@/lib/env";
import { bearerFor, cookieFor } from "@/tests/helpers/auth";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { call, expectProblem, type CallResult } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

type Auth = Record<string, string>;
type Line = { id: number; product: number; product_name: string; product_sku: string; quantity: number; unit_price: string; line_total: string };
type Order = {
  id: number;
  order_number: string;
  customer: number;
  customer_email: string;
  subtotal: string;
  tax_amount: string | null;
  shipping_cost: string | null;
  total_amount: string | null;
  is_partial_view: boolean;
  status: string;
  allowed_transitions: string[];
  shipping_address: string;
  shipping_city: string;
  shipping_postal_code: string;
  shipping_country: string;
  contact_phone: string;
  notes: string;
  items: Line[];
  confirmed_at: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
  cancelled_at: string | null;
  refunded_at: string | null;
};
/** Fields of a problem+json answer read by these tests (any response may be one). */
type Problem = { errors?: Record<string, string[]>; detail?: string; current_status?: string; product_id?: number; available?: number; requested?: number };
type Page = { count: number; results: Order[] } & Problem;
type StatusAnswer = { detail: string; order: Order } & Problem;
type AuditMeta = { from?: string; to?: string; stock_restored?: unknown; fields?: string[] };

const SHIPPING = { shipping_address: "1 Test Street", shipping_city: "Springfield", shipping_postal_code: "12345", shipping_country: "US" };

// Driver, SQL or stack text must never reach a client, whatever the error.
const LEAK = /(select |insert into|update "|delete from|violates|constraint|duplicate key|relation "|syntax error|pglite|drizzle|node-postgres|sqlstate|\.ts:\d+|\bat \w+ \()/i;

/** The documented problem shape, and no internal text in it. */
function problem(res: CallResult, status: number): void {
  expectProblem(res, status);
  expect(res.text).not.toMatch(LEAK);
}

const orderPath = (id: number | string, suffix = "") => ({ path: `/api/orders/${id}/${suffix}`, params: { id: String(id) } });

function place(auth: Auth, items: unknown, extra: Record<string, unknown> = {}, headers: Auth = {}) {
  return call<Order & Problem>(createRoute, { method: "POST", path: "/api/orders/", headers: { ...auth, ...headers }, body: { items, ...SHIPPING, ...extra } });
}
const getOrder = (auth: Auth, id: number) => call<Order & Problem>(detailRoute, { ...orderPath(id), headers: auth });
const cancel = (auth: Auth, id: number) => call<StatusAnswer>(cancelRoute, { method: "POST", ...orderPath(id, "cancel/"), headers: auth });
const setStatus = (auth: Auth, id: number, status: unknown) =>
  call<StatusAnswer>(statusRoute, { method: "POST", ...orderPath(id, "update_status/"), headers: auth, body: { status } });
const patch = (auth: Auth, id: number, body: unknown) => call<Order & Problem>(patchRoute, { method: "PATCH", ...orderPath(id), headers: auth, body });
const put = (auth: Auth, id: number, body: unknown) => call<Order & Problem>(putRoute, { method: "PUT", ...orderPath(id), headers: auth, body });
const list = (auth: Auth, query = "") => call<Page>(listRoute, { path: `/api/orders/${query}`, headers: auth });

async function stockOf(productId: number): Promise<number> {
  const [row] = await db().select({ stock: products.stockQuantity }).from(products).where(eq(products.id, productId));
  return row!.stock;
}

async function tableCounts(): Promise<{ orders: number; items: number }> {
  const [o] = await db().select({ n: sql<number>`count(*)::int` }).from(orders);
  const [i] = await db().select({ n: sql<number>`count(*)::int` }).from(orderItems);
  return { orders: o!.n, items: i!.n };
}

async function orderRow(id: number) {
  const [row] = await db().select().from(orders).where(eq(orders.id, id));
  return row!;
}

async function auditRows(action: string, orderId: number) {
  const rows = await db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetType, "ORDER"), eq(auditLog.targetId, String(orderId))))
    .orderBy(auditLog.id);
  return rows.map((r) => ({ ...r, metadata: r.metadata as AuditMeta }));
}

let customer: { id: number; email: string };
let customerAuth: Auth;
let otherCustomer: { id: number };
let otherCustomerAuth: Auth;
let seller: { id: number };
let sellerAuth: Auth;
let seller2: { id: number };
let seller2Auth: Auth;
let idleSellerAuth: Auth;
let adminAuth: Auth;

beforeAll(async () => {
  customer = await createUser({ roles: ["CUSTOMER"] });
  customerAuth = (await bearerFor(customer)).headers;
  otherCustomer = await createUser({ roles: ["CUSTOMER"] });
  otherCustomerAuth = (await bearerFor(otherCustomer)).headers;
  seller = await createUser({ roles: ["SELLER"] });
  sellerAuth = (await bearerFor(seller)).headers;
  seller2 = await createUser({ roles: ["SELLER"] });
  seller2Auth = (await bearerFor(seller2)).headers;
  idleSellerAuth = (await bearerFor(await createUser({ roles: ["SELLER"] }))).headers;
  adminAuth = (await bearerFor(await createUser({ roles: ["ADMIN"] }))).headers;
});

describe("POST /api/orders/ — pricing is the server's", () => {
  it("runs with the default shop configuration these expectations assume", () => {
    expect(env().SHOP_TAX_RATE).toBe(1000); // 0.10 in ten-thousandths
    expect(env().SHOP_SHIPPING_FLAT).toBe(500);
    expect(env().SHOP_FREE_SHIPPING_OVER).toBe(5000);
    expect(env().SHOP_MAX_QUANTITY_PER_ITEM).toBe(100);
  });

  it("prices lines from the products table, rounds tax half up and adds flat shipping under 50.00", async () => {
    const a = await createProduct(seller.id, { price: "12.35", stockQuantity: 10 });
    const b = await createProduct(seller2.id, { price: "5.50", stockQuantity: 10 });
    const res = await place(customerAuth, [
      { product_id: a.id, quantity: 2 },
      { product_id: b.id, quantity: 1 },
    ]);
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/orders/${res.body.id}/`);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    // 24.70 + 5.50 = 30.20; tax 3.02; shipping 5.00
    expect(res.body).toMatchObject({ subtotal: "30.20", tax_amount: "3.02", shipping_cost: "5.00", total_amount: "38.22", status: "PENDING", customer: customer.id, is_partial_view: false });
    expect(res.body.order_number).toMatch(/^ORD-\d{8}-[0-9A-F]{8}$/);
    const lines = new Map(res.body.items.map((l) => [l.product, l]));
    expect(lines.get(a.id)).toMatchObject({ quantity: 2, unit_price: "12.35", line_total: "24.70", product_sku: a.sku, product_name: a.name });
    expect(lines.get(b.id)).toMatchObject({ quantity: 1, unit_price: "5.50", line_total: "5.50" });
    expect(await stockOf(a.id)).toBe(8);
    expect(await stockOf(b.id)).toBe(9);

    const half = await createProduct(seller.id, { price: "12.35", stockQuantity: 5 });
    const rounded = await place(customerAuth, [{ product_id: half.id, quantity: 1 }]);
    expect(rounded.body).toMatchObject({ subtotal: "12.35", tax_amount: "1.24", shipping_cost: "5.00", total_amount: "18.59" }); // 1.235 → 1.24

    // the line keeps the price paid, whatever the product costs later
    await db().update(products).set({ price: "99.99" }).where(eq(products.id, a.id));
    const again = await getOrder(customerAuth, res.body.id);
    expect(again.body.items.find((l) => l.product === a.id)?.unit_price).toBe("12.35");
    expect(again.body.total_amount).toBe("38.22");
  });

  it("ships free from a 50.00 subtotal, not below", async () => {
    const p = await createProduct(seller.id, { price: "25.00", stockQuantity: 10 });
    const q = await createProduct(seller.id, { price: "49.99", stockQuantity: 10 });
    const free = await place(customerAuth, [{ product_id: p.id, quantity: 2 }]);
    expect(free.body).toMatchObject({ subtotal: "50.00", tax_amount: "5.00", shipping_cost: "0.00", total_amount: "55.00" });
    const paid = await place(customerAuth, [{ product_id: q.id, quantity: 1 }]);
    expect(paid.body).toMatchObject({ subtotal: "49.99", tax_amount: "5.00", shipping_cost: "5.00", total_amount: "59.99" });
  });

  it("refuses prices, totals, tax, shipping or status from the client with a 400 naming the field", async () => {
    const p = await createProduct(seller.id, { price: "10.00", stockQuantity: 10 });
    const before = await tableCounts();
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{}, { tax_rate: "0.00" }, "tax_rate"],
      [{}, { shipping_cost: "-5.00" }, "shipping_cost"],
      [{}, { total_amount: "0.01" }, "total_amount"],
      [{}, { subtotal: "0.01" }, "subtotal"],
      [{}, { status: "DELIVERED" }, "status"],
      [{}, { price: "0.01" }, "price"],
      [{ unit_price: "0.01" }, {}, "items.0.unit_price"],
      [{ price: "0.01" }, {}, "items.0.price"],
    ];
    for (const [itemExtra, extra, field] of cases) {
      const res = await place(customerAuth, [{ product_id: p.id, quantity: 1, ...itemExtra }], extra);
      problem(res, 400);
      expect(Object.keys(res.body.errors as object), field).toContain(field);
    }
    expect(await stockOf(p.id)).toBe(10);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("POST /api/orders/ — bad input", () => {
  it("answers each malformed body with a 400 problem naming the field, and changes nothing", async () => {
    const p = await createProduct(seller.id, { price: "10.00", stockQuantity: 500 });
    const inactive = await createProduct(seller.id, { price: "10.00", stockQuantity: 5, isActive: false });
    const many = await Promise.all(Array.from({ length: 51 }, () => createProduct(seller2.id, { price: "1.00", stockQuantity: 5 })));
    const before = await tableCounts();
    const ok = { product_id: p.id, quantity: 1 };
    const long = (n: number) => "x".repeat(n);
    const cases: [unknown, Record<string, unknown>, string][] = [
      [[], {}, "items"],
      ["not a list", {}, "items"],
      [[{ product_id: p.id, quantity: "2" }], {}, "items.0.quantity"],
      [[{ product_id: p.id, quantity: 1.5 }], {}, "items.0.quantity"],
      [[{ product_id: p.id, quantity: 0 }], {}, "items.0.quantity"],
      [[{ product_id: p.id, quantity: -1 }], {}, "items.0.quantity"],
      [[{ product_id: p.id, quantity: 101 }], {}, "items.0.quantity"],
      [[{ product_id: p.id }], {}, "items.0.quantity"],
      [[{ product_id: String(p.id), quantity: 1 }], {}, "items.0.product_id"],
      [[ok, { product_id: p.id, quantity: 2 }], {}, "items.1.product_id"],
      [many.map((m) => ({ product_id: m.id, quantity: 1 })), {}, "items"],
      [[ok], { shipping_address: long(501) }, "shipping_address"],
      [[ok], { shipping_city: long(101) }, "shipping_city"],
      [[ok], { shipping_postal_code: "1".repeat(21) }, "shipping_postal_code"],
      [[ok], { shipping_country: long(101) }, "shipping_country"],
      [[ok], { contact_phone: "1".repeat(21) }, "contact_phone"],
      [[ok], { notes: long(2001) }, "notes"],
      [[ok], { shipping_city: "   " }, "shipping_city"],
    ];
    for (const [items, extra, field] of cases) {
      const res = await place(customerAuth, items, extra);
      problem(res, 400);
      expect(Object.keys(res.body.errors as object), field).toContain(field);
    }
    for (const missing of ["shipping_address", "shipping_city", "shipping_postal_code", "shipping_country"] as const) {
      const { [missing]: _dropped, ...rest } = SHIPPING;
      const res = await call(createRoute, { method: "POST", path: "/api/orders/", headers: customerAuth, body: { items: [ok], ...rest } });
      problem(res, 400);
      expect(Object.keys(res.body.errors as object)).toContain(missing);
    }
    const noItems = await call(createRoute, { method: "POST", path: "/api/orders/", headers: customerAuth, body: SHIPPING });
    problem(noItems, 400);
    expect(Object.keys(noItems.body.errors as object)).toContain("items");
    const notJson = await call(createRoute, { method: "POST", path: "/api/orders/", headers: { ...customerAuth, "content-type": "application/json" }, rawBody: "{items:" });
    problem(notJson, 400);

    // unknown or inactive products: 400 naming the line, and the valid line before it keeps its stock
    for (const [missingId, label] of [
      [999_999_999, "unknown"],
      [inactive.id, "inactive"],
    ] as const) {
      const res = await place(customerAuth, [ok, { product_id: missingId, quantity: 1 }]);
      problem(res, 400);
      expect(Object.keys(res.body.errors as object), label).toEqual(["items.1.product_id"]);
    }
    expect(await stockOf(p.id)).toBe(500);
    expect(await stockOf(inactive.id)).toBe(5);
    expect(await tableCounts()).toEqual(before);
  });

  it("answers 409 with product_id, available and requested when stock is short, and changes nothing", async () => {
    const first = await createProduct(seller.id, { price: "10.00", stockQuantity: 5 });
    const second = await createProduct(seller2.id, { price: "10.00", stockQuantity: 1 });
    expect(second.id).toBeGreaterThan(first.id); // stock is taken in product-id order: `first` is decremented before `second` fails
    const before = await tableCounts();
    const res = await place(customerAuth, [
      { product_id: first.id, quantity: 2 },
      { product_id: second.id, quantity: 2 },
    ]);
    problem(res, 409);
    expect(res.body).toMatchObject({ product_id: second.id, available: 1, requested: 2 });
    expect(await stockOf(first.id)).toBe(5);
    expect(await stockOf(second.id)).toBe(1);
    expect(await tableCounts()).toEqual(before);

    const exact = await place(customerAuth, [{ product_id: second.id, quantity: 1 }]);
    expect(exact.status).toBe(201);
    expect(await stockOf(second.id)).toBe(0);
    const none = await place(customerAuth, [{ product_id: second.id, quantity: 1 }]);
    problem(none, 409);
    expect(none.body).toMatchObject({ product_id: second.id, available: 0, requested: 1 });
  });

  it("lets only signed-in customers place orders", async () => {
    const p = await createProduct(seller.id, { stockQuantity: 5 });
    const anonymous = await place({}, [{ product_id: p.id, quantity: 1 }]);
    problem(anonymous, 401);
    const sellerOnly = await place(sellerAuth, [{ product_id: p.id, quantity: 1 }]);
    problem(sellerOnly, 403);
    // a browser session works, but only from the shop's own origin (CSRF)
    const cookie = (await cookieFor(customer)).headers;
    const crossSite = await place({ cookie: cookie.cookie!, origin: "https://evil.example" }, [{ product_id: p.id, quantity: 1 }]);
    problem(crossSite, 403);
    expect(await stockOf(p.id)).toBe(5);
    const sameSite = await place(cookie, [{ product_id: p.id, quantity: 1 }]);
    expect(sameSite.status).toBe(201);
    expect(await stockOf(p.id)).toBe(4);
  });
});

describe("POST /api/orders/ — Idempotency-Key", () => {
  it("replays the same order for the same key and body, takes stock once, and refuses another body with 422", async () => {
    const p = await createProduct(seller.id, { price: "10.00", stockQuantity: 10 });
    const key = { "idempotency-key": "checkout-7f3a9c" };
    const items = [{ product_id: p.id, quantity: 3 }];
    const first = await place(customerAuth, items, {}, key);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const before = await tableCounts();

    const replay = await place(customerAuth, items, {}, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.body.total_amount).toBe(first.body.total_amount);
    // the same request with its keys in another order is the same request
    const reordered = await call<Order & Problem>(createRoute, {
      method: "POST",
      path: "/api/orders/",
      headers: { ...customerAuth, ...key },
      body: { shipping_country: "US", shipping_postal_code: "12345", shipping_city: "Springfield", shipping_address: "1 Test Street", items: [{ quantity: 3, product_id: p.id }] },
    });
    expect(reordered.body.id).toBe(first.body.id);
    expect(await stockOf(p.id)).toBe(7);

    const other = await place(customerAuth, [{ product_id: p.id, quantity: 1 }], {}, key);
    problem(other, 422);
    expect(await stockOf(p.id)).toBe(7);
    expect(await tableCounts()).toEqual(before);

    // keys are per user: someone else's identical key is a new order
    const stranger = await place(otherCustomerAuth, items, {}, key);
    expect(stranger.status).toBe(201);
    expect(stranger.headers.get("idempotent-replayed")).toBeNull();
    expect(stranger.body.id).not.toBe(first.body.id);
    expect(stranger.body.customer).toBe(otherCustomer.id);
    expect(await stockOf(p.id)).toBe(4);
  });

  it("frees the key when the order fails, so a retry can succeed", async () => {
    const p = await createProduct(seller.id, { stockQuantity: 1 });
    const key = { "idempotency-key": "retry-after-restock" };
    const short = await place(customerAuth, [{ product_id: p.id, quantity: 2 }], {}, key);
    problem(short, 409);
    await db().update(products).set({ stockQuantity: 2 }).where(eq(products.id, p.id));
    const retried = await place(customerAuth, [{ product_id: p.id, quantity: 2 }], {}, key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
  });

  it("answers a malformed key with 400 and changes nothing", async () => {
    const p = await createProduct(seller.id, { stockQuantity: 5 });
    const before = await tableCounts();
    for (const bad of ["k".repeat(300), "has space", ""]) {
      const res = await place(customerAuth, [{ product_id: p.id, quantity: 1 }], {}, { "idempotency-key": bad });
      problem(res, 400);
      expect(res.body.errors).toHaveProperty("Idempotency-Key");
    }
    expect(await stockOf(p.id)).toBe(5);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("who sees which order", () => {
  let mixed: Order; // the customer's order with lines of seller and seller2
  let foreign: Order; // another customer's order with seller2's line only
  let sellerLine: { product: number; line_total: string };

  beforeAll(async () => {
    const a = await createProduct(seller.id, { price: "7.25", stockQuantity: 20 });
    const b = await createProduct(seller2.id, { price: "30.00", stockQuantity: 20 });
    mixed = (await place(customerAuth, [{ product_id: a.id, quantity: 2 }, { product_id: b.id, quantity: 1 }])).body;
    foreign = (await place(otherCustomerAuth, [{ product_id: b.id, quantity: 1 }])).body;
    sellerLine = { product: a.id, line_total: "14.50" };
  });

  it("shows a customer their own orders only", async () => {
    const own = await list(customerAuth, "?page_size=100");
    expect(own.status).toBe(200);
    expect(own.body.results.length).toBeGreaterThan(0);
    expect(own.body.results.every((o) => o.customer === customer.id)).toBe(true);
    expect(own.body.results.some((o) => o.id === mixed.id)).toBe(true);
    expect(own.body.results.some((o) => o.id === foreign.id)).toBe(false);
    const snooping = await list(customerAuth, `?customer=${otherCustomer.id}`);
    expect(snooping.body.count).toBe(0);
    const detail = await getOrder(customerAuth, mixed.id);
    expect(detail.status).toBe(200);
    expect(detail.body.items).toHaveLength(2);
    expect(detail.body.is_partial_view).toBe(false);
  });

  it("answers another customer's order with 404 on every endpoint, changing nothing", async () => {
    const stock = await stockOf(foreign.items[0]!.product);
    problem(await getOrder(customerAuth, foreign.id), 404);
    problem(await cancel(customerAuth, foreign.id), 404);
    problem(await patch(customerAuth, foreign.id, { shipping_city: "Elsewhere" }), 404);
    problem(await put(customerAuth, foreign.id, { ...SHIPPING, shipping_city: "Elsewhere" }), 404);
    problem(await setStatus(customerAuth, foreign.id, "CANCELLED"), 404);
    const row = await orderRow(foreign.id);
    expect(row.status).toBe("PENDING");
    expect(row.shippingCity).toBe("Springfield");
    expect(await stockOf(foreign.items[0]!.product)).toBe(stock);
    // the same answer as an order that does not exist
    const missing = await getOrder(customerAuth, 999_999_999);
    problem(missing, 404);
    expect(missing.body.detail).toBe((await getOrder(customerAuth, foreign.id)).body.detail);
  });

  it("shows a seller only orders holding their products, and only their own lines", async () => {
    const detail = await getOrder(sellerAuth, mixed.id);
    expect(detail.status).toBe(200);
    expect(detail.body.is_partial_view).toBe(true);
    expect(detail.body.items.map((l) => l.product)).toEqual([sellerLine.product]);
    expect(detail.body.subtotal).toBe(sellerLine.line_total);
    expect(detail.body.tax_amount).toBeNull();
    expect(detail.body.shipping_cost).toBeNull();
    expect(detail.body.total_amount).toBeNull();

    const sellerList = await list(sellerAuth, "?page_size=100");
    expect(sellerList.body.results.map((o) => o.id)).toContain(mixed.id);
    expect(sellerList.body.results.map((o) => o.id)).not.toContain(foreign.id);
    for (const o of sellerList.body.results) {
      expect(o.is_partial_view).toBe(true);
      expect(o.total_amount).toBeNull();
    }

    problem(await getOrder(sellerAuth, foreign.id), 404);
    problem(await setStatus(sellerAuth, foreign.id, "CONFIRMED"), 404);
    // seller2 has a line in both orders
    expect((await getOrder(seller2Auth, foreign.id)).status).toBe(200);
    expect((await getOrder(seller2Auth, mixed.id)).body.subtotal).toBe("30.00");
  });

  it("answers a seller with no line in the order with 404", async () => {
    problem(await getOrder(idleSellerAuth, mixed.id), 404);
    problem(await setStatus(idleSellerAuth, mixed.id, "CONFIRMED"), 404);
    problem(await cancel(idleSellerAuth, mixed.id), 404);
    expect((await list(idleSellerAuth)).body.count).toBe(0);
  });

  it("shows an admin every order in full", async () => {
    const all = await list(adminAuth, "?page_size=100");
    const ids = all.body.results.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining([mixed.id, foreign.id]));
    const detail = await getOrder(adminAuth, foreign.id);
    expect(detail.body.is_partial_view).toBe(false);
    expect(detail.body.total_amount).toBe(foreign.total_amount);
    const filtered = await list(adminAuth, `?customer=${otherCustomer.id}&page_size=100`);
    expect(filtered.body.results.every((o) => o.customer === otherCustomer.id)).toBe(true);
  });

  it("answers anonymous callers with 401 everywhere", async () => {
    problem(await list({}), 401);
    problem(await getOrder({}, mixed.id), 401);
    problem(await cancel({}, mixed.id), 401);
    problem(await setStatus({}, mixed.id, "CONFIRMED"), 401);
    problem(await patch({}, mixed.id, { shipping_city: "X" }), 401);
    problem(await put({}, mixed.id, SHIPPING), 401);
    expect((await orderRow(mixed.id)).status).toBe("PENDING");
  });

  it("answers bad ids and query values with 400", async () => {
    const badId = await call(detailRoute, { path: "/api/orders/abc/", params: { id: "abc" }, headers: customerAuth });
    problem(badId, 400);
    expect(badId.body.errors).toHaveProperty("id");
    for (const [query, field] of [
      ["?status=LOST", "status"],
      ["?page_size=1000", "page_size"],
      ["?customer=abc", "customer"],
      ["?is_admin=1", "is_admin"],
    ] as const) {
      const res = await list(customerAuth, query);
      problem(res, 400);
      expect(res.body.errors).toHaveProperty(field);
    }
  });
});

describe("the order state machine", () => {
  async function freshOrder(quantity = 2) {
    const p = await createProduct(seller.id, { price: "10.00", stockQuantity: 10 });
    const res = await place(customerAuth, [{ product_id: p.id, quantity }]);
    expect(res.status).toBe(201);
    expect(await stockOf(p.id)).toBe(10 - quantity);
    return { order: res.body, productId: p.id };
  }

  it("keeps a seller from moving an order holding another seller's lines (admin moves it); each still sees only their lines", async () => {
    const mine = await createProduct(seller.id, { price: "10.00", stockQuantity: 10 });
    const theirs = await createProduct(seller2.id, { price: "20.00", stockQuantity: 10 });
    const res = await place(customerAuth, [{ product_id: mine.id, quantity: 1 }, { product_id: theirs.id, quantity: 1 }]);
    expect(res.status, res.text).toBe(201);
    const asSeller = await getOrder(sellerAuth, res.body.id);
    expect(asSeller.body.items.map((i) => i.product)).toEqual([mine.id]);
    expect(asSeller.body.allowed_transitions).toEqual([]);
    problem(await setStatus(sellerAuth, res.body.id, "CONFIRMED"), 403);
    problem(await setStatus(seller2Auth, res.body.id, "CONFIRMED"), 403);
    expect((await orderRow(res.body.id)).status).toBe("PENDING");
    expect((await setStatus(adminAuth, res.body.id, "CONFIRMED")).status).toBe(200);
  });

  it("keeps a seller from confirming or delivering their own purchase of their own product", async () => {
    const sellerShopper = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const auth = (await bearerFor(sellerShopper)).headers;
    const own = await createProduct(sellerShopper.id, { price: "10.00", stockQuantity: 10 });
    const res = await place(auth, [{ product_id: own.id, quantity: 1 }]);
    expect(res.status, res.text).toBe(201);
    expect(res.body.allowed_transitions).toEqual(["CANCELLED"]);
    problem(await setStatus(auth, res.body.id, "CONFIRMED"), 403);
    expect((await orderRow(res.body.id)).status).toBe("PENDING");
  });

  it("lets the seller move an order forward to DELIVERED, stamping each step, and an admin refund it", async () => {
    const { order, productId } = await freshOrder(3);
    expect(order.allowed_transitions).toEqual(["CANCELLED"]);
    expect((await getOrder(sellerAuth, order.id)).body.allowed_transitions).toEqual(["CONFIRMED"]);
    expect((await getOrder(adminAuth, order.id)).body.allowed_transitions).toEqual(["CONFIRMED", "CANCELLED"]);

    const confirmed = await setStatus(sellerAuth, order.id, "CONFIRMED");
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.detail).toBe("Order status updated successfully.");
    expect(confirmed.body.order.status).toBe("CONFIRMED");
    expect(confirmed.body.order.confirmed_at).not.toBeNull();
    expect(confirmed.body.order.allowed_transitions).toEqual(["PROCESSING"]);
    expect((await getOrder(customerAuth, order.id)).body.allowed_transitions).toEqual(["CANCELLED"]);

    const processing = await setStatus(sellerAuth, order.id, "processing"); // case-insensitive
    expect(processing.body.order.status).toBe("PROCESSING");
    expect((await getOrder(customerAuth, order.id)).body.allowed_transitions).toEqual([]);
    problem(await cancel(customerAuth, order.id), 409);
    problem(await cancel(adminAuth, order.id), 409);

    const shipped = await setStatus(sellerAuth, order.id, "SHIPPED");
    expect(shipped.body.order.shipped_at).not.toBeNull();
    problem(await setStatus(adminAuth, order.id, "REFUNDED"), 409); // only from DELIVERED
    const delivered = await setStatus(sellerAuth, order.id, "DELIVERED");
    expect(delivered.body.order.delivered_at).not.toBeNull();
    expect(delivered.body.order.allowed_transitions).toEqual([]);
    expect((await getOrder(adminAuth, order.id)).body.allowed_transitions).toEqual(["REFUNDED"]);
    expect(await stockOf(productId)).toBe(7);

    problem(await setStatus(sellerAuth, order.id, "REFUNDED"), 403);
    problem(await setStatus(customerAuth, order.id, "REFUNDED"), 403);
    expect(await stockOf(productId)).toBe(7);
    const refunded = await setStatus(adminAuth, order.id, "REFUNDED");
    expect(refunded.status).toBe(200);
    expect(refunded.body.order.refunded_at).not.toBeNull();
    expect(await stockOf(productId)).toBe(10);

    problem(await setStatus(adminAuth, order.id, "REFUNDED"), 409);
    problem(await cancel(adminAuth, order.id), 409);
    expect(await stockOf(productId)).toBe(10);
    expect((await orderRow(order.id)).stockRestoredAt).not.toBeNull();

    const changes = (await auditRows("ORDER_STATUS_CHANGE", order.id)).filter((r) => r.result === "SUCCESS");
    expect(changes.map((r) => [r.metadata.from, r.metadata.to])).toEqual([
      ["PENDING", "CONFIRMED"],
      ["CONFIRMED", "PROCESSING"],
      ["PROCESSING", "SHIPPED"],
      ["SHIPPED", "DELIVERED"],
      ["DELIVERED", "REFUNDED"],
    ]);
    expect(changes.at(-1)!.metadata.stock_restored).toEqual([{ product_id: productId, quantity: 3 }]);
    expect(changes[0]!.metadata.stock_restored).toEqual([]);
    expect((await auditRows("ORDER_CREATE", order.id))[0]).toMatchObject({ result: "SUCCESS", actorUserId: customer.id });
  });

  it("does not let a customer confirm their own order, nor a seller cancel it", async () => {
    const { order, productId } = await freshOrder();
    problem(await setStatus(customerAuth, order.id, "CONFIRMED"), 403);
    const sellerCancel = await cancel(sellerAuth, order.id);
    problem(sellerCancel, 403);
    problem(await setStatus(sellerAuth, order.id, "CANCELLED"), 403);
    expect((await orderRow(order.id)).status).toBe("PENDING");
    expect(await stockOf(productId)).toBe(8);
    const refusals = (await auditRows("ORDER_STATUS_CHANGE", order.id)).filter((r) => r.result === "FAILURE");
    expect(refusals.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses unknown statuses with 400 and illegal moves with 409", async () => {
    const { order } = await freshOrder();
    for (const status of ["LOST", "", null, 3, "PENDING; drop table orders"]) {
      const res = await setStatus(sellerAuth, order.id, status);
      problem(res, 400);
      expect(res.body.errors).toHaveProperty("status");
    }
    const extra = await call(statusRoute, { method: "POST", ...orderPath(order.id, "update_status/"), headers: sellerAuth, body: { status: "CONFIRMED", shipped_at: "2020-01-01" } });
    problem(extra, 400);
    const skip = await setStatus(sellerAuth, order.id, "SHIPPED");
    problem(skip, 409);
    expect(skip.body.current_status).toBe("PENDING");
    problem(await setStatus(adminAuth, order.id, "PENDING"), 409);
    expect((await orderRow(order.id)).status).toBe("PENDING");
  });

  it("lets the customer cancel a PENDING order once, restoring stock exactly", async () => {
    const { order, productId } = await freshOrder(4);
    const res = await cancel(customerAuth, order.id);
    expect(res.status).toBe(200);
    expect(res.body.detail).toBe("Order cancelled successfully.");
    expect(res.body.order.status).toBe("CANCELLED");
    expect(res.body.order.cancelled_at).not.toBeNull();
    expect(res.body.order.allowed_transitions).toEqual([]);
    expect(await stockOf(productId)).toBe(10);

    problem(await cancel(customerAuth, order.id), 409);
    problem(await cancel(adminAuth, order.id), 409);
    problem(await setStatus(adminAuth, order.id, "PENDING"), 409);
    problem(await setStatus(sellerAuth, order.id, "CONFIRMED"), 409);
    expect(await stockOf(productId)).toBe(10);

    const [entry] = (await auditRows("ORDER_STATUS_CHANGE", order.id)).filter((r) => r.result === "SUCCESS");
    expect(entry!.metadata).toMatchObject({ from: "PENDING", to: "CANCELLED", stock_restored: [{ product_id: productId, quantity: 4 }] });
  });

  it("lets the customer cancel a CONFIRMED order and an admin cancel anyone's", async () => {
    const confirmed = await freshOrder(2);
    expect((await setStatus(sellerAuth, confirmed.order.id, "CONFIRMED")).status).toBe(200);
    const res = await cancel(customerAuth, confirmed.order.id);
    expect(res.status).toBe(200);
    expect(await stockOf(confirmed.productId)).toBe(10);

    const pending = await freshOrder(5);
    const byAdmin = await cancel(adminAuth, pending.order.id);
    expect(byAdmin.status).toBe(200);
    expect(await stockOf(pending.productId)).toBe(10);
  });

  it("restores every line of a multi-line order", async () => {
    const a = await createProduct(seller.id, { stockQuantity: 10 });
    const b = await createProduct(seller2.id, { stockQuantity: 10 });
    const placed = await place(customerAuth, [{ product_id: b.id, quantity: 4 }, { product_id: a.id, quantity: 1 }]);
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([9, 6]);
    expect((await cancel(customerAuth, placed.body.id)).status).toBe(200);
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([10, 10]);
  });

  it("takes no body on cancel", async () => {
    const { order } = await freshOrder();
    const res = await call(cancelRoute, { method: "POST", ...orderPath(order.id, "cancel/"), headers: customerAuth, body: { status: "CANCELLED" } });
    problem(res, 400);
    expect((await orderRow(order.id)).status).toBe("PENDING");
  });
});

describe("PUT/PATCH/DELETE /api/orders/{id}/ — shipping details", () => {
  it("lets the owner change shipping details while PENDING, and audits it", async () => {
    const p = await createProduct(seller.id, { stockQuantity: 10 });
    const { body: order } = await place(customerAuth, [{ product_id: p.id, quantity: 1 }]);
    const res = await patch(customerAuth, order.id, { shipping_city: "Shelbyville", contact_phone: "+1 555 0100" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ shipping_city: "Shelbyville", contact_phone: "+1 555 0100", shipping_address: SHIPPING.shipping_address, total_amount: order.total_amount });
    const [entry] = await auditRows("ORDER_UPDATE", order.id);
    expect(entry).toMatchObject({ result: "SUCCESS", actorUserId: customer.id });
    expect(entry!.metadata.fields).toEqual(["shipping_city", "contact_phone"]);

    const replaced = await put(customerAuth, order.id, { shipping_address: "2 New Road", shipping_city: "Capital City", shipping_postal_code: "999", shipping_country: "CA" });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ shipping_address: "2 New Road", shipping_country: "CA" });
    const partialPut = await put(customerAuth, order.id, { shipping_city: "Only City" });
    problem(partialPut, 400);
    expect(Object.keys(partialPut.body.errors as object)).toEqual(expect.arrayContaining(["shipping_address", "shipping_postal_code", "shipping_country"]));

    const byAdmin = await patch(adminAuth, order.id, { notes: "leave at the door" });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.notes).toBe("leave at the door");
  });

  it("refuses status, amounts, empty or bad fields in PATCH with 400, changing nothing", async () => {
    const p = await createProduct(seller.id, { stockQuantity: 10 });
    const { body: order } = await place(customerAuth, [{ product_id: p.id, quantity: 1 }]);
    for (const [body, field] of [
      [{ status: "CONFIRMED" }, "status"],
      [{ shipping_city: "X", total_amount: "0.01" }, "total_amount"],
      [{ customer: otherCustomer.id }, "customer"],
      [{ shipping_city: "x".repeat(101) }, "shipping_city"],
      [{}, "non_field_errors"],
    ] as const) {
      const res = await patch(customerAuth, order.id, body);
      problem(res, 400);
      expect(Object.keys(res.body.errors as object), field).toContain(field);
    }
    const row = await orderRow(order.id);
    expect([row.status, row.shippingCity, row.totalAmount, row.customerId]).toEqual(["PENDING", "Springfield", order.total_amount, customer.id]);
  });

  it("refuses sellers with 403 and any change after PENDING with 409", async () => {
    const p = await createProduct(seller.id, { stockQuantity: 10 });
    const { body: order } = await place(customerAuth, [{ product_id: p.id, quantity: 1 }]);
    problem(await patch(sellerAuth, order.id, { shipping_city: "Seller City" }), 403);
    problem(await put(sellerAuth, order.id, SHIPPING), 403);
    expect((await setStatus(sellerAuth, order.id, "CONFIRMED")).status).toBe(200);
    const late = await patch(customerAuth, order.id, { shipping_city: "Too Late" });
    problem(late, 409);
    expect(late.body.current_status).toBe("CONFIRMED");
    problem(await put(customerAuth, order.id, SHIPPING), 409);
    problem(await patch(adminAuth, order.id, { shipping_city: "Too Late" }), 409);
    expect((await orderRow(order.id)).shippingCity).toBe("Springfield");
  });

  it("never deletes an order: 405 problem with an Allow header", async () => {
    const p = await createProduct(seller.id, { stockQuantity: 10 });
    const { body: order } = await place(customerAuth, [{ product_id: p.id, quantity: 1 }]);
    for (const auth of [customerAuth, adminAuth, {}]) {
      const res = await call(deleteRoute, { method: "DELETE", ...orderPath(order.id), headers: auth });
      problem(res, 405);
      expect(res.headers.get("allow")).toBe("GET, PUT, PATCH");
    }
    expect((await orderRow(order.id)).status).toBe("PENDING");
    expect(await stockOf(p.id)).toBe(9);
  });
});
