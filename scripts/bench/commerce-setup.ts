// What the commerce suite needs before it measures: customers with bearer tokens (registered through the API),
// products with stock that cannot run out, and the size of the product list's pages (so the bare route answers as
// many bytes).
import { randomBytes } from "node:crypto";
import type pg from "pg";

export const CUSTOMERS = 8;
export const ORDER_PRODUCTS = 50;
export const LIST_PAGES = 50;
export const PAGE_SIZE = 20;
export const STOCK = 1_000_000;

export type Customer = { id: number; email: string; password: string; token: string; issuedAt: number };

/** Access tokens live 15 minutes: a run longer than that signs the customers in again before an order run. */
const TOKEN_REUSE_MS = 10 * 60_000;

async function json(res: Response, expected: number, what: string): Promise<unknown> {
  const text = await res.text();
  if (res.status !== expected)
    throw new Error(`${what} answered ${res.status}, not ${expected}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Registers customers through POST /api/auth/register/ (the real sign-up) and keeps their access tokens. */
export async function registerCustomers(base: string): Promise<Customer[]> {
  const tag = randomBytes(4).toString("hex");
  const out: Customer[] = [];
  for (let i = 1; i <= CUSTOMERS; i++) {
    const email = `bench-${tag}-${i}@example.com`;
    const password = `Bench-${randomBytes(9).toString("base64url")}-9a!`;
    const res = await post(`${base}/api/auth/register/`, {
      email,
      username: `bench_${tag}_${i}`,
      password,
      password_confirm: password,
    });
    const body = (await json(res, 201, "POST /api/auth/register/")) as {
      user: { id: number };
      tokens: { access: string };
    };
    out.push({ id: body.user.id, email, password, token: body.tokens.access, issuedAt: Date.now() });
  }
  return out;
}

/** New access tokens (POST /api/auth/token/) for the customers whose token is getting old. */
export async function refreshTokens(base: string, customers: Customer[]): Promise<void> {
  for (const c of customers) {
    if (Date.now() - c.issuedAt < TOKEN_REUSE_MS) continue;
    const res = await post(`${base}/api/auth/token/`, { email: c.email, password: c.password });
    c.token = ((await json(res, 200, "POST /api/auth/token/")) as { access: string }).access;
    c.issuedAt = Date.now();
  }
}

/** Active products whose stock is set so high that no order of the run can fail for lack of it. */
export async function stockProducts(client: pg.Client): Promise<number[]> {
  const { rows } = await client.query<{ id: string }>(
    "update products set stock_quantity = $1 where id in (select id from products where is_active order by id limit $2) returning id",
    [STOCK, ORDER_PRODUCTS],
  );
  if (rows.length < ORDER_PRODUCTS) throw new Error(`only ${rows.length} active products to order from`);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export type ListPages = { visible: number; minBytes: number; maxBytes: number; meanBytes: number };

/** Reads pages 1…LIST_PAGES once: each a full page, 1,000+ products visible, and the body sizes. */
export async function measureListPages(base: string): Promise<ListPages> {
  const sizes: number[] = [];
  let visible = 0;
  for (let page = 1; page <= LIST_PAGES; page++) {
    const res = await fetch(`${base}/api/products/?page=${page}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`GET /api/products/?page=${page} answered ${res.status}`);
    const body = JSON.parse(bytes.toString("utf8")) as { count: number; results: unknown[] };
    if (body.results.length !== PAGE_SIZE)
      throw new Error(`page ${page} holds ${body.results.length} products, not ${PAGE_SIZE}`);
    visible = body.count;
    sizes.push(bytes.length);
  }
  if (visible < 1000) throw new Error(`the list shows ${visible} products: the bench needs 1,000 or more`);
  return {
    visible,
    minBytes: Math.min(...sizes),
    maxBytes: Math.max(...sizes),
    meanBytes: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
  };
}

/** One order line's body per product, prepared once (the load sends them round-robin). */
export function orderBodies(productIds: number[]): string[] {
  return productIds.map((id) =>
    JSON.stringify({
      items: [{ product_id: id, quantity: 1 }],
      shipping_address: "1 Benchmark Street",
      shipping_city: "Loadville",
      shipping_postal_code: "1000 AB",
      shipping_country: "Netherlands",
    }),
  );
}

export type OrderCheck = {
  answered201: number;
  ordersInDatabase: number;
  unitsOrdered: number;
  stockDecrease: number;
  /** for every product, stock taken = units in its order lines */
  perProductMatches: boolean;
  consistent: boolean;
};

export type OrderTotals = { orders: number; units: number };

export async function orderTotals(client: pg.Client): Promise<OrderTotals> {
  const { rows } = await client.query<OrderTotals>(
    "select (select count(*) from orders)::int as orders, (select coalesce(sum(quantity), 0) from order_items)::int as units",
  );
  return rows[0]!;
}

/** After the run: orders created = 201 answers, and the stock went down by exactly as many units. */
export async function checkOrders(
  client: pg.Client,
  productIds: number[],
  answered201: number,
  before: OrderTotals,
): Promise<OrderCheck> {
  const after = await orderTotals(client);
  const stock = await client.query<{ taken: number; lines: number }>(
    `select ($2::int - p.stock_quantity)::int as taken,
            coalesce((select sum(quantity) from order_items i where i.product_id = p.id), 0)::int as lines
       from products p where p.id = any($1::bigint[])`,
    [productIds, STOCK],
  );
  const ordersInDatabase = after.orders - before.orders;
  const unitsOrdered = after.units - before.units;
  const stockDecrease = stock.rows.reduce((a, r) => a + r.taken, 0);
  const perProductMatches =
    stock.rows.length === productIds.length && stock.rows.every((r) => r.taken === r.lines);
  return {
    answered201,
    ordersInDatabase,
    unitsOrdered,
    stockDecrease,
    perProductMatches,
    consistent:
      ordersInDatabase === answered201 &&
      unitsOrdered === answered201 &&
      stockDecrease === answered201 &&
      perProductMatches,
  };
}

export type DbClient = pg.Client;
