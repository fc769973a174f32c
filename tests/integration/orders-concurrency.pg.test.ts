import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { Client, type Pool } from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/orders/route";
import { POST as cancelRoute } from "@/app/api/orders/[id]/cancel/route";
import { POST as statusRoute } from "@/app/api/orders/[id]/update_status/route";
import { auditLog, orderItems, orders, products } from "@/db/schema";
import { toCents } from "@/lib/money";
import { bearerFor } from "@/tests/helpers/auth";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { call } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

/*
 * Races through the real route handlers on PostgreSQL, with the app's pool of 20 connections (PGlite runs one query
 * at a time, so it can never show a race; vitest.config.ts runs `*.pg.test.ts` in the "postgres" project only).
 *
 * Why these tests would catch a read-modify-write: if placing an order read `stock_quantity`, checked it in code and
 * wrote back `stock - q` as a value, two transactions that both read 1 would both pass the check and both write 0:
 * more than 10 orders would succeed for 10 units (or stock would end above 0 with 10 orders). The conditional
 * `update … set stock = stock - q where stock >= q` re-evaluates the row after waiting for the other writer's lock,
 * so exactly 10 succeed. The `maxOverlap` sampler proves the requests really were in flight together. (Verified by
 * swapping takeStock for a read-then-write version locally: the first test then fails with 13–30 successes.)
 */

const t = setupTestDatabase();

type Auth = Record<string, string>;
type Order = { id: number; status: string; subtotal: string; tax_amount: string; shipping_cost: string; total_amount: string; confirmed_at: string | null; items: { product: number; quantity: number; unit_price: string; line_total: string }[] };
type Problem = { product_id?: number; available?: number; requested?: number; detail: string };

const SHIPPING = { shipping_address: "1 Race Street", shipping_city: "Springfield", shipping_postal_code: "12345", shipping_country: "US" };
const orderPath = (id: number, suffix: string) => ({ path: `/api/orders/${id}/${suffix}`, params: { id: String(id) } });

const place = (auth: Auth, productId: number, quantity: number) =>
  call<Order & Problem>(createRoute, { method: "POST", path: "/api/orders/", headers: auth, body: { items: [{ product_id: productId, quantity }], ...SHIPPING } });
const cancel = (auth: Auth, id: number) => call<{ order: Order } & Problem>(cancelRoute, { method: "POST", ...orderPath(id, "cancel/"), headers: auth });
const setStatus = (auth: Auth, id: number, status: string) =>
  call<{ order: Order } & Problem>(statusRoute, { method: "POST", ...orderPath(id, "update_status/"), headers: auth, body: { status } });

/** A small seeded PRNG, so a failing random run can be replayed from the seed in the message. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `work` while sampling pg_stat_activity from a separate connection: the most sessions of this database that
 * were inside a transaction at the same moment. A test that serialised its requests would see 1.
 */
async function withOverlapSampler<T>(work: () => Promise<T>): Promise<{ result: T; maxOverlap: number }> {
  const probe = new Client({ connectionString: t.handle.url });
  await probe.connect();
  let maxOverlap = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      const { rows } = await probe.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null",
      );
      maxOverlap = Math.max(maxOverlap, rows[0]!.n);
    }
  })();
  try {
    const result = await work();
    return { result, maxOverlap };
  } finally {
    running = false;
    await sampling;
    await probe.end();
  }
}

async function stockOf(productId: number): Promise<number> {
  const [row] = await t.db.select({ stock: products.stockQuantity }).from(products).where(eq(products.id, productId));
  return row!.stock;
}

/** The invariant behind every race: stock + units held by live (not cancelled or refunded) orders = initial stock. */
async function unitsHeld(productId: number): Promise<number> {
  const [row] = await t.db
    .select({ n: sql<number>`coalesce(sum(${orderItems.quantity}), 0)::int` })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(orderItems.productId, productId), notInArray(orders.status, ["CANCELLED", "REFUNDED"])));
  return row!.n;
}

async function customers(n: number): Promise<{ id: number; auth: Auth }[]> {
  const out: { id: number; auth: Auth }[] = [];
  for (let i = 0; i < n; i++) {
    const user = await createUser({ roles: ["CUSTOMER"] });
    out.push({ id: user.id, auth: (await bearerFor(user)).headers });
  }
  return out;
}

let seller: { id: number };
let sellerAuth: Auth;
let adminAuth: Auth;

beforeAll(async () => {
  // not a skip: run on anything but PostgreSQL, this file fails
  if (t.kind !== "postgres") throw new Error("orders-concurrency.pg.test.ts needs PostgreSQL (the \"postgres\" vitest project)");
  seller = await createUser({ roles: ["SELLER"] });
  sellerAuth = (await bearerFor(seller)).headers;
  adminAuth = (await bearerFor(await createUser({ roles: ["ADMIN"] }))).headers;
});

describe("placing orders concurrently never oversells", () => {
  it("sells exactly 10 of 10 units to 50 simultaneous customers", async () => {
    const product = await createProduct(seller.id, { price: "19.99", stockQuantity: 10 });
    const buyers = await customers(50);
    const pool = (t.db as unknown as { $client: Pool }).$client;

    const { result: answers, maxOverlap } = await withOverlapSampler(() => Promise.all(buyers.map((b) => place(b.auth, product.id, 1))));

    expect(maxOverlap, "requests must really run in parallel").toBeGreaterThanOrEqual(10);
    expect(pool.totalCount, "the app's pool must have opened many connections").toBeGreaterThan(5);
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 409);
    expect(created).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) {
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(r.body).toMatchObject({ product_id: product.id, available: 0, requested: 1 });
    }
    expect(await stockOf(product.id)).toBe(0);

    const ids = created.map((c) => c.body.id);
    expect(new Set(ids).size).toBe(10);
    const rows = await t.db.select().from(orders).where(inArray(orders.customerId, buyers.map((b) => b.id)));
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const lines = await t.db.select().from(orderItems).where(eq(orderItems.productId, product.id));
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.quantity === 1 && l.unitPrice === "19.99" && l.lineTotal === "19.99")).toBe(true);
    for (const o of rows) {
      expect(o.subtotal).toBe("19.99");
      expect(toCents(o.totalAmount)).toBe(toCents(o.subtotal) + toCents(o.taxAmount) + toCents(o.shippingCost));
      expect([o.taxAmount, o.shippingCost, o.totalAmount]).toEqual(["2.00", "5.00", "26.99"]);
    }
    const audits = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.action, "ORDER_CREATE"), inArray(auditLog.targetId, ids.map(String))));
    expect(audits[0]!.n).toBe(10);
  });

  it("never sells more than the stock with random quantities of 1–3", async () => {
    const seed = Date.now();
    const random = prng(seed);
    const initial = 40;
    const product = await createProduct(seller.id, { price: "3.10", stockQuantity: initial });
    const buyers = await customers(50);
    const wanted = buyers.map(() => 1 + Math.floor(random() * 3));

    const { result: answers, maxOverlap } = await withOverlapSampler(() => Promise.all(buyers.map((b, i) => place(b.auth, product.id, wanted[i]!))));

    const why = `seed ${seed}`;
    expect(maxOverlap, why).toBeGreaterThanOrEqual(10);
    expect(answers.every((a) => a.status === 201 || a.status === 409), why).toBe(true);
    const sold = answers.reduce((sum, a, i) => sum + (a.status === 201 ? wanted[i]! : 0), 0);
    const final = await stockOf(product.id);
    expect(sold, why).toBeLessThanOrEqual(initial);
    expect(final, why).toBe(initial - sold);
    expect(await unitsHeld(product.id), why).toBe(sold);
    answers.forEach((a, i) => {
      if (a.status === 201) {
        const line = a.body.items[0]!;
        expect(line.quantity, why).toBe(wanted[i]);
        expect(toCents(line.line_total), why).toBe(310 * wanted[i]!);
        expect(toCents(a.body.total_amount), why).toBe(toCents(a.body.subtotal) + toCents(a.body.tax_amount) + toCents(a.body.shipping_cost));
      } else {
        // refused only when it really did not fit: stock only falls here, so it did not fit at the end either
        expect(a.body.requested, why).toBe(wanted[i]);
        expect(a.body.available!, why).toBeLessThan(wanted[i]!);
        expect(wanted[i]!, why).toBeGreaterThan(final);
      }
    });
  });
});

describe("the same Idempotency-Key sent concurrently", () => {
  it("creates one order and replays it to every duplicate", async () => {
    const product = await createProduct(seller.id, { price: "8.00", stockQuantity: 50 });
    const [buyer] = await customers(1);
    const headers = { ...buyer!.auth, "idempotency-key": "double-click-4711" };
    const body = { items: [{ product_id: product.id, quantity: 2 }], ...SHIPPING };
    const { result: answers, maxOverlap } = await withOverlapSampler(() =>
      Promise.all(Array.from({ length: 8 }, () => call<Order>(createRoute, { method: "POST", path: "/api/orders/", headers, body }))),
    );
    expect(maxOverlap).toBeGreaterThanOrEqual(2);
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(7);
    expect(await stockOf(product.id)).toBe(48);
    const rows = await t.db.select().from(orders).where(eq(orders.customerId, buyer!.id));
    expect(rows).toHaveLength(1);
  });
});

describe("status changes racing each other restore stock exactly once", () => {
  it("lets exactly one cancel through per order while a seller confirms and cancels race", async () => {
    const initial = 200;
    const product = await createProduct(seller.id, { price: "4.00", stockQuantity: initial });
    const buyers = await customers(16);
    const placed: { id: number; quantity: number; auth: Auth }[] = [];
    for (const [i, b] of buyers.entries()) {
      const res = await place(b.auth, product.id, 1 + (i % 3));
      expect(res.status).toBe(201);
      placed.push({ id: res.body.id, quantity: 1 + (i % 3), auth: b.auth });
    }
    const raced = placed.slice(0, 12);
    const untouched = placed.slice(12);
    const heldByUntouched = untouched.reduce((s, o) => s + o.quantity, 0);

    const { result, maxOverlap } = await withOverlapSampler(() =>
      Promise.all(
        raced.map(async (o) => {
          const [byCustomer, byAdmin, confirm, again] = await Promise.all([
            cancel(o.auth, o.id),
            cancel(adminAuth, o.id),
            setStatus(sellerAuth, o.id, "CONFIRMED"),
            cancel(o.auth, o.id),
          ]);
          return { order: o, cancels: [byCustomer, byAdmin, again], confirm };
        }),
      ),
    );
    expect(maxOverlap).toBeGreaterThanOrEqual(10);

    for (const { order, cancels, confirm } of result) {
      const statuses = cancels.map((c) => c.status).sort();
      expect(statuses, `order ${order.id}`).toEqual([200, 409, 409]);
      expect([200, 409]).toContain(confirm.status);
      const [row] = await t.db.select().from(orders).where(eq(orders.id, order.id));
      expect(row!.status).toBe("CANCELLED");
      expect(row!.cancelledAt).not.toBeNull();
      expect(row!.stockRestoredAt).not.toBeNull();
      // confirmed first, then cancelled once — or cancelled first and the confirm refused
      expect(row!.confirmedAt !== null).toBe(confirm.status === 200);
      const entries = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "ORDER_STATUS_CHANGE"), eq(auditLog.targetId, String(order.id)), eq(auditLog.result, "SUCCESS")));
      const intoCancelled = entries.filter((e) => (e.metadata as { to: string }).to === "CANCELLED");
      expect(intoCancelled).toHaveLength(1);
      expect((intoCancelled[0]!.metadata as { stock_restored: unknown }).stock_restored).toEqual([{ product_id: product.id, quantity: order.quantity }]);
      expect(entries).toHaveLength(confirm.status === 200 ? 2 : 1);
    }
    expect(await stockOf(product.id)).toBe(initial - heldByUntouched);
    expect(await unitsHeld(product.id)).toBe(heldByUntouched);
  });

  it("refunds a delivered order once when two refunds and a cancel race", async () => {
    const initial = 100;
    const product = await createProduct(seller.id, { price: "9.00", stockQuantity: initial });
    const buyers = await customers(8);
    const delivered: { id: number; quantity: number }[] = [];
    for (const [i, b] of buyers.entries()) {
      const res = await place(b.auth, product.id, 2 + (i % 2));
      for (const status of ["CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED"]) {
        expect((await setStatus(sellerAuth, res.body.id, status)).status).toBe(200);
      }
      delivered.push({ id: res.body.id, quantity: 2 + (i % 2) });
    }
    const sold = delivered.reduce((s, o) => s + o.quantity, 0);
    expect(await stockOf(product.id)).toBe(initial - sold);

    const { result, maxOverlap } = await withOverlapSampler(() =>
      Promise.all(
        delivered.map(async (o) => ({
          order: o,
          answers: await Promise.all([setStatus(adminAuth, o.id, "REFUNDED"), setStatus(adminAuth, o.id, "REFUNDED"), cancel(adminAuth, o.id)]),
        })),
      ),
    );
    expect(maxOverlap).toBeGreaterThanOrEqual(10);
    for (const { order, answers } of result) {
      expect(answers.map((a) => a.status), `order ${order.id}`).toEqual(expect.arrayContaining([200, 409, 409]));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      const [row] = await t.db.select().from(orders).where(eq(orders.id, order.id));
      expect(row!.status).toBe("REFUNDED");
      expect(row!.stockRestoredAt).not.toBeNull();
    }
    expect(await stockOf(product.id)).toBe(initial);
    expect(await unitsHeld(product.id)).toBe(0);
  });

  it("keeps stock consistent while new orders race cancellations of old ones", async () => {
    const initial = 10;
    const product = await createProduct(seller.id, { price: "5.00", stockQuantity: initial });
    const holders = await customers(10);
    const held: { id: number; auth: Auth }[] = [];
    for (const h of holders) held.push({ id: (await place(h.auth, product.id, 1)).body.id, auth: h.auth });
    expect(await stockOf(product.id)).toBe(0);
    const newcomers = await customers(20);

    const { result } = await withOverlapSampler(() =>
      Promise.all([...held.map((h) => cancel(h.auth, h.id)), ...newcomers.map((n) => place(n.auth, product.id, 1))]),
    );
    const cancelled = result.slice(0, held.length);
    const placedNew = result.slice(held.length);
    expect(cancelled.every((c) => c.status === 200)).toBe(true);
    expect(placedNew.every((p) => p.status === 201 || p.status === 409)).toBe(true);
    const newSold = placedNew.filter((p) => p.status === 201).length;
    expect(newSold).toBeLessThanOrEqual(initial);
    const final = await stockOf(product.id);
    expect(final).toBeGreaterThanOrEqual(0);
    expect(final).toBe(initial - newSold);
    expect(await unitsHeld(product.id)).toBe(newSold);
  });
});
