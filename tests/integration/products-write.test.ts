import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/products/route";
import { DELETE as deleteRoute, GET as detailRoute, PATCH as patchRoute, PUT as putRoute } from "@/app/api/products/[id]/route";
import { POST as stockRoute } from "@/app/api/products/[id]/update_stock/route";
import { db } from "@/db/client";
import { auditLog, files, orderItems, orders, products } from "@/db/schema";
import { bearerFor, cookieFor } from "@/tests/helpers/auth";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { call, expectProblem, type CallResult } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

type Handler = Parameters<typeof call>[0];
type Headers = Record<string, string>;
type Detail = {
  id: number;
  name: string;
  description: string;
  sku: string;
  price: string;
  stock_quantity: number;
  is_active: boolean;
  is_featured: boolean;
  seller: number;
  category: string | null;
  low_stock_threshold?: number;
  is_low_stock?: boolean;
};
type Page = { count: number; results: { id: number; seller_email: string }[] };
type Problem = { errors?: Record<string, string[]>; detail: string; available?: number; product_id?: number };

let admin: { id: number };
let sellerA: { id: number; email: string };
let sellerB: { id: number; email: string };
let adminAuth: Headers;
let ownerAuth: Headers; // sellerA, the owner of the products under test
let otherSellerAuth: Headers;
let customerAuth: Headers;

beforeAll(async () => {
  admin = await createUser({ roles: ["ADMIN", "CUSTOMER"] });
  sellerA = await createUser({ roles: ["SELLER", "CUSTOMER"] });
  sellerB = await createUser({ roles: ["SELLER", "CUSTOMER"] });
  const customer = await createUser({ roles: ["CUSTOMER"] });
  adminAuth = (await bearerFor(admin)).headers;
  ownerAuth = (await bearerFor(sellerA)).headers;
  otherSellerAuth = (await bearerFor(sellerB)).headers;
  customerAuth = (await bearerFor(customer)).headers;
});

let skuCounter = 0;
const newBody = (overrides: Record<string, unknown> = {}) => ({ name: "Walnut Tray", sku: `W-${Date.now()}-${skuCounter++}`, price: "19.99", stock_quantity: 10, ...overrides });
const at = (id: number, suffix = "") => ({ path: `/api/products/${id}/${suffix}`, params: { id: String(id) } });

async function productRow(id: number) {
  const [row] = await db().select().from(products).where(eq(products.id, id));
  return row!;
}

async function auditRows(action: string, id: number) {
  return db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetType, "PRODUCT"), eq(auditLog.targetId, String(id)))).orderBy(asc(auditLog.id));
}

/** Every PRODUCT_CREATE row: a refused create has no product id to look its audit row up by. */
async function createAudits() {
  return (await db().select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, "PRODUCT_CREATE"))).length;
}

async function auditCount(id: number) {
  return (await db().select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.targetType, "PRODUCT"), eq(auditLog.targetId, String(id))))).length;
}

/**
 * Who may not: anonymous 401, a customer 403, another seller 404 (someone else's product looks missing). Afterwards
 * the product row and its audit trail are exactly as before.
 */
async function expectRefusedForOthers(handler: Handler, id: number, method: string, body?: unknown) {
  const before = await productRow(id);
  const audits = await auditCount(id);
  const options = { ...at(id, method === "POST" ? "update_stock/" : ""), method, body };
  expectProblem(await call(handler, options), 401);
  expectProblem(await call(handler, { ...options, headers: customerAuth }), 403);
  const other = await call(handler, { ...options, headers: otherSellerAuth });
  expectProblem(other, 404);
  expect(other.body.detail).toBe("Not found.");
  expect(await productRow(id)).toEqual(before);
  expect(await auditCount(id)).toBe(audits);
}

function expectFieldError(res: CallResult, field: string, label?: string) {
  expect(res.status, label ?? field).toBe(400);
  expectProblem(res, 400);
  expect(Object.keys((res.body as Problem).errors ?? {}), label ?? field).toContain(field);
}

describe("POST /api/products/", () => {
  it("lets a seller create a product they own, audited, with an ETag and a Location", async () => {
    const res = await call<Detail>(createRoute, { path: "/api/products/", method: "POST", headers: ownerAuth, body: newBody({ category: "office", description: "Oiled walnut" }) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "Walnut Tray", price: "19.99", stock_quantity: 10, seller: sellerA.id, is_active: true, is_featured: false, category: "office", low_stock_threshold: 5, is_low_stock: false });
    expect(res.headers.get("etag")).toBe('"v1"');
    expect(res.headers.get("location")).toBe(`/api/products/${res.body.id}/`);
    const [row] = await auditRows("PRODUCT_CREATE", res.body.id);
    expect(row).toMatchObject({ actorUserId: sellerA.id, result: "SUCCESS" });
  });

  it("lets a seller signed in by cookie create too", async () => {
    const cookie = (await cookieFor(sellerA)).headers;
    const res = await call<Detail>(createRoute, { path: "/api/products/", method: "POST", headers: cookie, body: newBody() });
    expect(res.status).toBe(201);
    expect(res.body.seller).toBe(sellerA.id);
  });

  it("lets an admin create (as its owner) and feature a product", async () => {
    const res = await call<Detail>(createRoute, { path: "/api/products/", method: "POST", headers: adminAuth, body: newBody({ is_featured: true }) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ seller: admin.id, is_featured: true });
  });

  it("refuses anonymous callers (401) and customers (403), creating and auditing nothing", async () => {
    const body = newBody();
    const before = (await db().select({ id: products.id }).from(products)).length;
    const audits = await createAudits();
    const anonymous = await call(createRoute, { path: "/api/products/", method: "POST", body });
    expectProblem(anonymous, 401);
    const customer = await call(createRoute, { path: "/api/products/", method: "POST", headers: customerAuth, body });
    expectProblem(customer, 403);
    expect((await db().select({ id: products.id }).from(products)).length).toBe(before);
    expect(await db().select().from(products).where(eq(products.sku, body.sku))).toEqual([]);
    expect(await createAudits()).toBe(audits);
  });

  it("refuses a seller who sets is_featured (403), creating nothing", async () => {
    const body = newBody({ is_featured: true });
    const audits = await createAudits();
    const res = await call<Problem>(createRoute, { path: "/api/products/", method: "POST", headers: ownerAuth, body });
    expectProblem(res, 403);
    expect(res.body.errors).toHaveProperty("is_featured");
    expect(await db().select().from(products).where(eq(products.sku, body.sku))).toEqual([]);
    expect(await createAudits()).toBe(audits);
  });

  it("refuses fields that are not writable (no mass assignment)", async () => {
    const audits = await createAudits();
    for (const extra of [{ seller: sellerB.id }, { id: 999 }, { version: 7 }, { seller_email: "x@test.example" }, { search_vector: "x" }, { is_in_stock: true }]) {
      const body = newBody(extra);
      const res = await call(createRoute, { path: "/api/products/", method: "POST", headers: ownerAuth, body });
      const field = Object.keys(extra)[0]!;
      expectFieldError(res, field);
      expect((res.body as Problem).errors![field]).toEqual(["Unknown field."]);
      expect(await db().select().from(products).where(eq(products.sku, body.sku))).toEqual([]);
    }
    expect(await createAudits()).toBe(audits);
  });

  it("answers bad values with a 400 problem naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ price: "0" }, "price"],
      [{ price: "0.00" }, "price"],
      [{ price: 0 }, "price"],
      [{ price: "-1.00" }, "price"],
      [{ price: -5 }, "price"],
      [{ price: "12.345" }, "price"],
      [{ price: 12.345 }, "price"],
      [{ price: "abc" }, "price"],
      [{ price: "99999999999.00" }, "price"],
      [{ price: null }, "price"],
      [{ sku: "AB 12" }, "sku"],
      [{ sku: "ÄB-12" }, "sku"],
      [{ sku: "straße" }, "sku"], // "ß".toUpperCase() is "SS": must be refused, not silently rewritten
      [{ sku: "ı-1" }, "sku"], // dotless i uppercases to ASCII "I"
      [{ sku: "" }, "sku"],
      [{ sku: "A".repeat(101) }, "sku"],
      [{ name: "x".repeat(201) }, "name"],
      [{ name: "   " }, "name"],
      [{ stock_quantity: -1 }, "stock_quantity"],
      [{ stock_quantity: 1.5 }, "stock_quantity"],
      [{ stock_quantity: "5" }, "stock_quantity"],
      [{ low_stock_threshold: -1 }, "low_stock_threshold"],
      [{ is_featured: "yes" }, "is_featured"],
      [{ category: "no-such-category" }, "category"],
      [{ category: "../etc" }, "category"],
    ];
    for (const [override, field] of cases) {
      const body = newBody(override);
      const res = await call(createRoute, { path: "/api/products/", method: "POST", headers: ownerAuth, body });
      expectFieldError(res, field, JSON.stringify(override));
      expect(await db().select({ id: products.id }).from(products).where(eq(products.sku, String(body.sku).toUpperCase()))).toEqual([]);
    }
    const { name: _name, ...withoutName } = newBody();
    expectFieldError(await call(createRoute, { path: "/api/products/", method: "POST", headers: ownerAuth, body: withoutName }), "name");
  });

  it("normalises the SKU to upper case and refuses a case-variant duplicate with 409 (never 500)", async () => {
    const res = await call<Detail>(createRoute, { path: "/api/products/", method: "POST", headers: ownerAuth, body: newBody({ sku: "ab-12_c" }) });
    expect(res.status).toBe(201);
    expect(res.body.sku).toBe("AB-12_C");
    expect((await productRow(res.body.id)).sku).toBe("AB-12_C");
    const audits = await createAudits();
    for (const [auth, sku] of [[otherSellerAuth, "Ab-12_C"], [ownerAuth, " ab-12_c "]] as const) {
      const dup = await call<Problem>(createRoute, { path: "/api/products/", method: "POST", headers: auth, body: newBody({ sku }) });
      expectProblem(dup, 409);
      expect(dup.body.errors).toHaveProperty("sku");
    }
    expect(await createAudits()).toBe(audits); // the failed inserts rolled their audit rows back too
    const other = await createProduct(sellerA.id);
    const patch = await call<Problem>(patchRoute, { ...at(other.id), method: "PATCH", headers: ownerAuth, body: { sku: "aB-12_c" } });
    expectProblem(patch, 409);
    expect(patch.body.errors).toHaveProperty("sku");
    expect((await productRow(other.id)).sku).toBe(other.sku);
    expect(await auditRows("PRODUCT_UPDATE", other.id)).toEqual([]);
  });
});

describe("PUT /api/products/{id}/", () => {
  const full = (overrides: Record<string, unknown> = {}) => ({ name: "Replaced", description: "All new", sku: `PUT-${skuCounter++}`, price: "30.00", stock_quantity: 3, low_stock_threshold: 2, is_active: true, is_featured: false, category: "home", ...overrides });

  it("lets the owner replace every field, audited with before and after, and returns a new ETag", async () => {
    const p = await createProduct(sellerA.id, { name: "Original", price: "10.00" });
    const body = full();
    const res = await call<Detail>(putRoute, { ...at(p.id), method: "PUT", headers: { ...ownerAuth, "if-match": '"v1"' }, body });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Replaced", description: "All new", sku: body.sku, price: "30.00", stock_quantity: 3, low_stock_threshold: 2, category: "home", seller: sellerA.id });
    expect(res.headers.get("etag")).toBe('"v2"');
    const [row] = await auditRows("PRODUCT_UPDATE", p.id);
    expect(row?.actorUserId).toBe(sellerA.id);
    const changes = (row?.metadata as { changes: Record<string, { before: unknown; after: unknown }> }).changes;
    expect(changes.name).toEqual({ before: "Original", after: "Replaced" });
    expect(changes.price).toEqual({ before: "10.00", after: "30.00" });
    expect(changes.stock_quantity).toEqual({ before: 10, after: 3 });
  });

  it("lets an admin replace anyone's product; the seller stays the owner", async () => {
    const p = await createProduct(sellerA.id);
    const res = await call<Detail>(putRoute, { ...at(p.id), method: "PUT", headers: adminAuth, body: full({ is_featured: true }) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ seller: sellerA.id, is_featured: true, name: "Replaced" });
  });

  it("refuses anonymous (401), customers (403) and other sellers (404), leaving the product unchanged", async () => {
    const p = await createProduct(sellerA.id);
    await expectRefusedForOthers(putRoute, p.id, "PUT", full());
  });

  it("keeps omitted optional fields as they are (as DRF's PUT): no stock reset, no refused is_featured", async () => {
    const p = await createProduct(sellerA.id, { stockQuantity: 42, isFeatured: true, lowStockThreshold: 7 });
    const res = await call<Detail>(putRoute, { ...at(p.id), method: "PUT", headers: ownerAuth, body: { name: "Renamed", sku: `PUT-${skuCounter++}`, price: "11.00" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Renamed", price: "11.00", stock_quantity: 42, is_featured: true, low_stock_threshold: 7 });
  });

  it("needs every required field and refuses unknown ones", async () => {
    const p = await createProduct(sellerA.id);
    const { price: _price, ...withoutPrice } = full();
    expectFieldError(await call(putRoute, { ...at(p.id), method: "PUT", headers: ownerAuth, body: withoutPrice }), "price");
    expectFieldError(await call(putRoute, { ...at(p.id), method: "PUT", headers: ownerAuth, body: full({ seller: sellerB.id }) }), "seller");
    expect((await productRow(p.id)).sellerId).toBe(sellerA.id);
    expect(await auditCount(p.id)).toBe(0);
  });
});

describe("PATCH /api/products/{id}/", () => {
  it("lets the owner change some fields, audited with before and after", async () => {
    const p = await createProduct(sellerA.id, { price: "10.00", name: "Lamp" });
    const res = await call<Detail>(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { price: "12.5" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ price: "12.50", name: "Lamp" });
    const rows = await auditRows("PRODUCT_UPDATE", p.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.metadata).toEqual({ changes: { price: { before: "10.00", after: "12.5" } } });
  });

  it("lets an admin change anyone's product, and set or clear is_featured", async () => {
    const p = await createProduct(sellerA.id);
    const res = await call<Detail>(patchRoute, { ...at(p.id), method: "PATCH", headers: adminAuth, body: { is_featured: true, name: "Admin renamed" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ is_featured: true, name: "Admin renamed", seller: sellerA.id });
    const [row] = await auditRows("PRODUCT_UPDATE", p.id);
    expect(row?.actorUserId).toBe(admin.id);
  });

  it("refuses a seller setting is_featured (403), leaving the product unchanged", async () => {
    const p = await createProduct(sellerA.id);
    const res = await call<Problem>(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { is_featured: true, name: "Sneaky" } });
    expectProblem(res, 403);
    expect(res.body.errors).toHaveProperty("is_featured");
    expect(await productRow(p.id)).toEqual(p);
    expect(await auditCount(p.id)).toBe(0);
  });

  it("refuses anonymous (401), customers (403) and other sellers (404), leaving the product unchanged", async () => {
    const p = await createProduct(sellerA.id);
    await expectRefusedForOthers(patchRoute, p.id, "PATCH", { name: "Hijacked" });
  });

  it("answers bad input with a 400 problem naming the field, changing nothing", async () => {
    const p = await createProduct(sellerA.id);
    const cases: [Record<string, unknown>, string][] = [
      [{}, "non_field_errors"],
      [{ seller: sellerB.id }, "seller"],
      [{ id: 1 }, "id"],
      [{ version: 99 }, "version"],
      [{ price: "abc" }, "price"],
      [{ price: "0" }, "price"],
      [{ sku: "has space" }, "sku"],
      [{ name: "x".repeat(201) }, "name"],
      [{ stock_quantity: -3 }, "stock_quantity"],
      [{ category: "nope" }, "category"],
      [{ description: null }, "description"],
    ];
    for (const [body, field] of cases) {
      expectFieldError(await call(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body }), field, JSON.stringify(body));
    }
    expect(await productRow(p.id)).toEqual(p);
    expect(await auditCount(p.id)).toBe(0);
  });

  it("sets and clears the category", async () => {
    const p = await createProduct(sellerA.id);
    const set = await call<Detail>(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { category: "garden" } });
    expect(set.body.category).toBe("garden");
    const cleared = await call<Detail>(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { category: null } });
    expect(cleared.body.category).toBeNull();
  });
});

describe("If-Match / ETag", () => {
  it("returns an ETag on detail; a PATCH with it succeeds and returns a new one", async () => {
    const p = await createProduct(sellerA.id, { name: "Tagged" });
    const got = await call(detailRoute, { ...at(p.id) });
    const etag = got.headers.get("etag")!;
    expect(etag).toMatch(/^"v\d+"$/);
    const res = await call<Detail>(patchRoute, { ...at(p.id), method: "PATCH", headers: { ...ownerAuth, "if-match": etag }, body: { name: "Tagged 2" } });
    expect(res.status).toBe(200);
    const next = res.headers.get("etag")!;
    expect(next).not.toBe(etag);
    expect((await call(detailRoute, { ...at(p.id) })).headers.get("etag")).toBe(next);

    // the old tag is stale now: 412, nothing changes, the current tag is given back
    const stale = await call(patchRoute, { ...at(p.id), method: "PATCH", headers: { ...ownerAuth, "if-match": etag }, body: { name: "Lost update" } });
    expectProblem(stale, 412);
    expect(stale.headers.get("etag")).toBe(next);
    expect((await productRow(p.id)).name).toBe("Tagged 2");
    expect(await auditRows("PRODUCT_UPDATE", p.id)).toHaveLength(1);
  });

  it("accepts If-Match: * and a missing If-Match (the precondition is optional)", async () => {
    const p = await createProduct(sellerA.id);
    const star = await call<Detail>(patchRoute, { ...at(p.id), method: "PATCH", headers: { ...ownerAuth, "if-match": "*" }, body: { name: "Star" } });
    expect(star.status).toBe(200);
    const none = await call<Detail>(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { name: "None" } });
    expect(none.status).toBe(200);
    expect(none.body.name).toBe("None");
  });

  it("sees a stock change as a new version: a tag from before update_stock is stale for PUT, DELETE and update_stock", async () => {
    const p = await createProduct(sellerA.id);
    const etag = (await call(detailRoute, { ...at(p.id) })).headers.get("etag")!;
    const stock = await call(stockRoute, { ...at(p.id, "update_stock/"), method: "POST", headers: { ...ownerAuth, "if-match": etag }, body: { delta: 1 } });
    expect(stock.status).toBe(200);
    expect(stock.headers.get("etag")).not.toBe(etag);
    const headers = { ...ownerAuth, "if-match": etag };
    expectProblem(await call(stockRoute, { ...at(p.id, "update_stock/"), method: "POST", headers, body: { delta: 1 } }), 412);
    expectProblem(await call(deleteRoute, { ...at(p.id), method: "DELETE", headers }), 412);
    const row = await productRow(p.id);
    expect(row).toMatchObject({ stockQuantity: 11, isActive: true });
    expect(await auditRows("PRODUCT_DELETE", p.id)).toEqual([]);
  });
});

describe("DELETE /api/products/{id}/ (soft delete)", () => {
  it("deactivates: gone for anonymous callers and customers, still there for its owner and admins, orders intact", async () => {
    const p = await createProduct(sellerA.id, { name: "Retired Walnut Stool" });
    const customer = await createUser();
    const [order] = await db().insert(orders).values({ orderNumber: `ORD-${p.id}`, customerId: customer.id, subtotal: "10.00", taxAmount: "1.00", shippingCost: "5.00", totalAmount: "16.00", shippingAddress: "1 Main St", shippingCity: "Town", shippingPostalCode: "12345", shippingCountry: "FR" }).returning();
    await db().insert(orderItems).values({ orderId: order!.id, productId: p.id, sellerId: sellerA.id, productName: p.name, productSku: p.sku, quantity: 1, unitPrice: "10.00", lineTotal: "10.00" });

    const res = await call(deleteRoute, { ...at(p.id), method: "DELETE", headers: ownerAuth });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ detail: "Product deactivated successfully." });
    expect(await auditRows("PRODUCT_DELETE", p.id)).toHaveLength(1);

    const search = `/api/products/?search=retired&page_size=100`;
    for (const headers of [undefined, customerAuth, otherSellerAuth]) {
      const listed = await call<Page>(listRoute, { path: search, headers });
      expect(listed.body.results.map((r) => r.id)).not.toContain(p.id);
      expectProblem(await call(detailRoute, { ...at(p.id), headers }), 404);
    }
    for (const headers of [ownerAuth, adminAuth]) {
      const listed = await call<Page>(listRoute, { path: search, headers });
      expect(listed.body.results.map((r) => r.id)).toContain(p.id);
      const shown = await call<Detail>(detailRoute, { ...at(p.id), headers });
      expect(shown.status).toBe(200);
      expect(shown.body.is_active).toBe(false);
    }
    expect(await productRow(p.id)).toMatchObject({ isActive: false });
    expect(await db().select().from(orderItems).where(eq(orderItems.productId, p.id))).toHaveLength(1);
  });

  it("lets an admin deactivate anyone's product", async () => {
    const p = await createProduct(sellerB.id);
    const res = await call(deleteRoute, { ...at(p.id), method: "DELETE", headers: adminAuth });
    expect(res.status).toBe(200);
    expect((await productRow(p.id)).isActive).toBe(false);
    const [row] = await auditRows("PRODUCT_DELETE", p.id);
    expect(row?.actorUserId).toBe(admin.id);
  });

  it("holds an admin's takedown: the seller cannot put the product back on sale, an admin can", async () => {
    const p = await createProduct(sellerA.id);
    expect((await call(deleteRoute, { ...at(p.id), method: "DELETE", headers: adminAuth })).status).toBe(200);
    expect((await productRow(p.id)).heldByAdmin).toBe(true);
    const refused = await call(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { is_active: true } });
    expectProblem(refused, 403);
    expect(refused.body.errors).toHaveProperty("is_active");
    expect((await productRow(p.id)).isActive).toBe(false);
    // the seller may still edit the rest while it is held
    expect((await call(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { name: "Fixed listing" } })).status).toBe(200);
    const restored = await call<Detail>(patchRoute, { ...at(p.id), method: "PATCH", headers: adminAuth, body: { is_active: true } });
    expect(restored.status).toBe(200);
    expect(await productRow(p.id)).toMatchObject({ isActive: true, heldByAdmin: false });
    // a seller's own deactivation is no hold
    await call(deleteRoute, { ...at(p.id), method: "DELETE", headers: ownerAuth });
    expect((await call(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { is_active: true } })).status).toBe(200);
  });

  it("refuses anonymous (401), customers (403) and other sellers (404), leaving the product active", async () => {
    const p = await createProduct(sellerA.id);
    await expectRefusedForOthers(deleteRoute, p.id, "DELETE");
    expect((await productRow(p.id)).isActive).toBe(true);
  });
});

describe("POST /api/products/{id}/update_stock/", () => {
  const stock = (id: number, headers: Headers, body: unknown) => call<{ detail: string; stock_quantity: number; is_low_stock: boolean } & Problem>(stockRoute, { ...at(id, "update_stock/"), method: "POST", headers, body });

  it("sets (quantity) and changes (delta) stock, audited with before and after; crossing the threshold is flagged once", async () => {
    const p = await createProduct(sellerA.id, { stockQuantity: 10, lowStockThreshold: 5 });
    const set = await stock(p.id, ownerAuth, { quantity: 50 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ detail: "Stock updated successfully.", stock_quantity: 50, is_low_stock: false });
    const down = await stock(p.id, ownerAuth, { delta: -45 });
    expect(down.body).toMatchObject({ stock_quantity: 5, is_low_stock: true });
    const further = await stock(p.id, ownerAuth, { delta: -1 });
    expect(further.body).toMatchObject({ stock_quantity: 4, is_low_stock: true });
    const up = await stock(p.id, ownerAuth, { delta: 10 });
    expect(up.body).toMatchObject({ stock_quantity: 14, is_low_stock: false });
    expect((await productRow(p.id)).stockQuantity).toBe(14);

    const rows = await auditRows("PRODUCT_STOCK_UPDATE", p.id);
    expect(rows.map((r) => r.metadata)).toEqual([
      { before: 10, after: 50, quantity: 50 },
      { before: 50, after: 5, delta: -45 },
      { before: 5, after: 4, delta: -1 },
      { before: 4, after: 14, delta: 10 },
    ]);
    expect(rows.every((r) => r.actorUserId === sellerA.id && r.result === "SUCCESS")).toBe(true);
    const low = await auditRows("PRODUCT_LOW_STOCK", p.id);
    expect(low).toHaveLength(1); // only the crossing from 50 to 5, not the further step down
    expect(low[0]!.metadata).toMatchObject({ stock_quantity: 5, low_stock_threshold: 5, seller: sellerA.id });
  });

  it("lets an admin adjust anyone's stock", async () => {
    const p = await createProduct(sellerB.id, { stockQuantity: 7 });
    const res = await stock(p.id, adminAuth, { delta: 3 });
    expect(res.status).toBe(200);
    expect(res.body.stock_quantity).toBe(10);
    const [row] = await auditRows("PRODUCT_STOCK_UPDATE", p.id);
    expect(row?.actorUserId).toBe(admin.id);
  });

  it("refuses a delta that would go below zero with 409 and the available quantity, changing nothing", async () => {
    const p = await createProduct(sellerA.id, { stockQuantity: 3 });
    const res = await stock(p.id, ownerAuth, { delta: -4 });
    expectProblem(res, 409);
    expect(res.body.available).toBe(3);
    expect((await productRow(p.id)).stockQuantity).toBe(3);
    expect(await auditCount(p.id)).toBe(0);
  });

  it("refuses anonymous (401), customers (403) and other sellers (404), leaving the stock unchanged", async () => {
    const p = await createProduct(sellerA.id);
    await expectRefusedForOthers(stockRoute, p.id, "POST", { quantity: 999 });
  });

  it("answers bad input with a 400 problem naming the field, changing nothing", async () => {
    const p = await createProduct(sellerA.id, { stockQuantity: 8 });
    const cases: [unknown, string[]][] = [
      [{}, ["quantity"]],
      [{ quantity: 1, delta: 1 }, ["quantity", "delta"]],
      [{ quantity: "5" }, ["quantity"]],
      [{ quantity: 1.5 }, ["quantity"]],
      [{ quantity: -1 }, ["quantity"]],
      [{ quantity: null }, ["quantity"]],
      [{ quantity: 2_000_000 }, ["quantity"]],
      [{ delta: "1" }, ["delta"]],
      [{ delta: 0.5 }, ["delta"]],
      [{ delta: 0 }, ["delta"]],
      [{ stock: 5 }, ["stock"]],
    ];
    for (const [body, fields] of cases) {
      const res = await stock(p.id, ownerAuth, body);
      for (const field of fields) expectFieldError(res, field, JSON.stringify(body));
    }
    expect((await productRow(p.id)).stockQuantity).toBe(8);
    expect(await auditCount(p.id)).toBe(0);
  });
});

describe("low stock", () => {
  let mineLow: number[];
  let mineOk: number;
  let othersLow: number;

  beforeAll(async () => {
    const seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const other = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    mineLow = [
      (await createProduct(seller.id, { stockQuantity: 2, lowStockThreshold: 5 })).id,
      (await createProduct(seller.id, { stockQuantity: 5, lowStockThreshold: 5 })).id, // at the threshold counts
      (await createProduct(seller.id, { stockQuantity: 0, lowStockThreshold: 0, isActive: false })).id,
    ];
    mineOk = (await createProduct(seller.id, { stockQuantity: 6, lowStockThreshold: 5 })).id;
    othersLow = (await createProduct(other.id, { stockQuantity: 1, lowStockThreshold: 5 })).id;
    lowAuth = (await bearerFor(seller)).headers;
  });
  let lowAuth: Headers;

  it("lists only the seller's own products at or below their threshold", async () => {
    const res = await call<Page>(listRoute, { path: "/api/products/?low_stock=true&page_size=100", headers: lowAuth });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => r.id).sort((a, b) => a - b)).toEqual([...mineLow].sort((a, b) => a - b));
    expect(res.body.results.map((r) => r.id)).not.toContain(mineOk);
    expect(res.body.results.map((r) => r.id)).not.toContain(othersLow);
  });

  it("gives customers and anonymous callers an empty list, never others' thresholds", async () => {
    for (const headers of [customerAuth, undefined]) {
      for (const value of ["true", "false"]) {
        const res = await call<Page>(listRoute, { path: `/api/products/?low_stock=${value}`, headers });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ count: 0, results: [] });
      }
    }
  });

  it("lets an admin see every low-stock product", async () => {
    const res = await call<Page>(listRoute, { path: "/api/products/?low_stock=true&page_size=100", headers: adminAuth });
    const ids = res.body.results.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([...mineLow, othersLow]));
    expect(ids).not.toContain(mineOk);
  });

  it("shows low_stock_threshold and is_low_stock in detail only to the owner and admins", async () => {
    const id = mineLow[0]!;
    for (const headers of [lowAuth, adminAuth]) {
      const res = await call<Detail>(detailRoute, { ...at(id), headers });
      expect(res.body).toMatchObject({ low_stock_threshold: 5, is_low_stock: true });
    }
    for (const headers of [ownerAuth, customerAuth, undefined]) {
      const res = await call<Detail>(detailRoute, { ...at(id), headers });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty("low_stock_threshold");
      expect(res.body).not.toHaveProperty("is_low_stock");
    }
  });
});

describe("product images (image_file)", () => {
  let fileCounter = 0;
  const fileRow = async (uploadedBy: number, overrides: Partial<typeof files.$inferInsert> = {}) => {
    const [row] = await db()
      .insert(files)
      .values({ originalFilename: "lamp.png", storedFilename: `test-${Date.now()}-${fileCounter++}`, fileType: "product_image", mimeType: "image/png", fileSize: 10, fileHash: "0".repeat(64), uploadedBy, ...overrides })
      .returning();
    return row!;
  };
  type ImageDetail = Detail & { image_url: string | null; image_file?: number | null; image_status?: string | null };

  it("attaches the seller's own image, makes it public, and shows it to shoppers only once released", async () => {
    const p = await createProduct(sellerA.id);
    const image = await fileRow(sellerA.id);
    const res = await call<ImageDetail>(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { image_file: image.id } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ image_file: image.id, image_status: "quarantined", image_url: null });
    const [stored] = await db().select().from(files).where(eq(files.id, image.id));
    expect(stored!.isPublic).toBe(true);
    expect((await call<ImageDetail>(detailRoute, at(p.id))).body.image_url).toBeNull();
    await db().update(files).set({ status: "released" }).where(eq(files.id, image.id));
    const anonymous = await call<ImageDetail>(detailRoute, at(p.id));
    expect(anonymous.body.image_url).toBe(`/api/files/${image.id}/download/`);
    expect(anonymous.body).not.toHaveProperty("image_file");
    const listed = await call<{ results: { id: number; image_url: string | null }[] }>(listRoute, { path: `/api/products/?seller=${sellerA.id}&page_size=100` });
    expect(listed.body.results.find((r) => r.id === p.id)?.image_url).toBe(`/api/files/${image.id}/download/`);
    const removed = await call<ImageDetail>(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { image_file: null } });
    expect(removed.body).toMatchObject({ image_file: null, image_url: null });
  });

  it("refuses another user's file, a document and a rejected image (400 naming image_file), product unchanged", async () => {
    const p = await createProduct(sellerA.id);
    const others = await fileRow(sellerB.id);
    const document = await fileRow(sellerA.id, { fileType: "document", mimeType: "application/pdf", originalFilename: "a.pdf" });
    const rejected = await fileRow(sellerA.id, { status: "rejected" });
    for (const id of [others.id, document.id, rejected.id, 999_999]) {
      expectFieldError(await call(patchRoute, { ...at(p.id), method: "PATCH", headers: ownerAuth, body: { image_file: id } }), "image_file");
    }
    expect((await productRow(p.id)).imageFileId).toBeNull();
    const [stillPrivate] = await db().select().from(files).where(eq(files.id, others.id));
    expect(stillPrivate!.isPublic).toBe(false);
  });

  it("lets an admin attach any seller's image; a create can carry one too", async () => {
    const image = await fileRow(sellerA.id);
    const created = await call<ImageDetail>(createRoute, { method: "POST", path: "/api/products/", headers: ownerAuth, body: newBody({ image_file: image.id }) });
    expect(created.status, created.text).toBe(201);
    expect(created.body.image_file).toBe(image.id);
    const p = await createProduct(sellerB.id);
    const byAdmin = await call<ImageDetail>(patchRoute, { ...at(p.id), method: "PATCH", headers: adminAuth, body: { image_file: image.id } });
    expect(byAdmin.status, byAdmin.text).toBe(200);
  });
});
