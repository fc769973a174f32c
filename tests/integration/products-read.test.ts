import { beforeAll, describe, expect, it } from "vitest";
import { GET as list } from "@/app/api/products/route";
import { GET as detail } from "@/app/api/products/[id]/route";
import { call, expectProblem } from "@/tests/helpers/http";
import { bearerFor } from "@/tests/helpers/auth";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

type Item = { id: number; name: string; sku: string; price: string; stock_quantity: number; is_in_stock: boolean; is_featured: boolean; seller_email: string; category: string | null; created_at: string };
type Page = { count: number; next: string | null; previous: string | null; results: Item[] };

let sellerA: { id: number; email: string };
let sellerB: { id: number; email: string };
let hidden: { id: number };
const active: { id: number; price: string }[] = [];

beforeAll(async () => {
  sellerA = await createUser({ roles: ["SELLER"] });
  sellerB = await createUser({ roles: ["SELLER"] });
  for (let i = 0; i < 25; i++) {
    const p = await createProduct(i % 2 ? sellerA.id : sellerB.id, {
      name: i % 5 === 0 ? `Walnut Desk ${i}` : `Steel Lamp ${i}`,
      description: i === 3 ? "Hand-finished with linseed oil" : "",
      price: `${10 + i}.${i % 10}0`,
      stockQuantity: i % 4 === 0 ? 0 : i,
      isFeatured: i % 6 === 0,
      category: i % 3 === 0 ? "office" : "home",
      createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
    });
    active.push({ id: p.id, price: p.price });
  }
  hidden = await createProduct(sellerA.id, { name: "Secret Walnut Prototype", isActive: false });
});

describe("GET /api/products/", () => {
  it("answers anonymous callers with the paginated shape, newest first, active products only", async () => {
    const res = await call<Page>(list, { path: "/api/products/" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.body.count).toBe(25);
    expect(res.body.results).toHaveLength(20);
    expect(res.body.previous).toBeNull();
    expect(res.body.next).toBe("http://localhost:3000/api/products/?page=2");
    const first = res.body.results[0]!;
    expect(Object.keys(first).sort()).toEqual(
      ["category", "created_at", "id", "image_url", "is_featured", "is_in_stock", "name", "price", "seller_email", "sku", "stock_quantity"].sort(),
    );
    expect(first.name).toBe("Steel Lamp 24");
    expect(first.price).toMatch(/^\d+\.\d{2}$/);
    expect(first.created_at).toBe("2026-01-25T00:00:00.000Z");
    expect(res.body.results.some((p) => p.id === hidden.id)).toBe(false);
  });

  it("pages with page and page_size and keeps the other parameters in the links", async () => {
    const res = await call<Page>(list, { path: "/api/products/?ordering=price&page_size=10&page=2" });
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(10);
    expect(res.body.next).toBe("http://localhost:3000/api/products/?ordering=price&page_size=10&page=3");
    expect(res.body.previous).toBe("http://localhost:3000/api/products/?ordering=price&page_size=10");
    const last = await call<Page>(list, { path: "/api/products/?ordering=price&page_size=10&page=3" });
    expect(last.body.results).toHaveLength(5);
    expect(last.body.next).toBeNull();
  });

  it("orders by price, name, stock and date, ascending or descending", async () => {
    const desc = await call<Page>(list, { path: "/api/products/?ordering=-price&page_size=100" });
    const prices = desc.body.results.map((p) => Number(p.price));
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    const byName = await call<Page>(list, { path: "/api/products/?ordering=name,-created_at&page_size=100" });
    const names = byName.body.results.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const stock = await call<Page>(list, { path: "/api/products/?ordering=stock_quantity&page_size=100" });
    expect(stock.body.results[0]!.stock_quantity).toBe(0);
  });

  it("filters by seller, featured, stock, price range and category", async () => {
    const bySeller = await call<Page>(list, { path: `/api/products/?seller=${sellerA.id}&page_size=100` });
    expect(bySeller.body.count).toBe(12);
    expect(new Set(bySeller.body.results.map((p) => p.seller_email))).toEqual(new Set([sellerA.email]));
    const featured = await call<Page>(list, { path: "/api/products/?is_featured=true" });
    expect(featured.body.count).toBe(5);
    expect(featured.body.results.every((p) => p.is_featured)).toBe(true);
    const outOfStock = await call<Page>(list, { path: "/api/products/?in_stock=false" });
    expect(outOfStock.body.results.every((p) => !p.is_in_stock)).toBe(true);
    expect(outOfStock.body.count).toBe(7);
    const range = await call<Page>(list, { path: "/api/products/?min_price=20&max_price=25.00&page_size=100" });
    expect(range.body.results.every((p) => Number(p.price) >= 20 && Number(p.price) <= 25)).toBe(true);
    expect(range.body.count).toBe(5);
    const office = await call<Page>(list, { path: "/api/products/?category=office&page_size=100" });
    expect(office.body.count).toBe(9);
    expect(office.body.results.every((p) => p.category === "office")).toBe(true);
  });

  it("does not let an anonymous caller list inactive products through is_active=false", async () => {
    const res = await call<Page>(list, { path: "/api/products/?is_active=false" });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(0);
  });

  it("answers bad query values with a 400 problem naming the parameter", async () => {
    for (const [query, field] of [
      ["page=abc", "page"],
      ["page=0", "page"],
      ["page_size=101", "page_size"],
      ["ordering=password_hash", "ordering"],
      ["min_price=1e3", "min_price"],
      ["is_featured=maybe", "is_featured"],
      ["seller=-1", "seller"],
      ["category=../etc", "category"],
      ["unknown_field=1", "unknown_field"],
    ] as const) {
      const res = await call(list, { path: `/api/products/?${query}` });
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors as object)).toContain(field);
    }
  });

  it("answers a page past the end with 404 'Invalid page.'", async () => {
    const res = await call(list, { path: "/api/products/?page=99" });
    expectProblem(res, 404);
    expect(res.body.detail).toBe("Invalid page.");
  });
});

describe("GET /api/products/{id}/", () => {
  it("returns the detail fields of an active product", async () => {
    const id = active[7]!.id;
    const res = await call(detail, { path: `/api/products/${id}/`, params: { id: String(id) } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(
      ["category", "created_at", "description", "id", "image_url", "is_active", "is_featured", "is_in_stock", "name", "price", "seller", "seller_email", "sku", "stock_quantity", "updated_at"].sort(),
    );
    expect(res.body.id).toBe(id);
    expect(res.body.price).toBe(active[7]!.price);
  });

  it("hides inactive and missing products behind the same 404", async () => {
    const inactive = await call(detail, { path: `/api/products/${hidden.id}/`, params: { id: String(hidden.id) } });
    const missing = await call(detail, { path: "/api/products/999999/", params: { id: "999999" } });
    expectProblem(inactive, 404);
    expectProblem(missing, 404);
    expect(inactive.body.detail).toBe(missing.body.detail);
  });

  it("answers a malformed id with a 400 naming it", async () => {
    for (const id of ["abc", "1.5", "-1", "1;drop table products", "9".repeat(30)]) {
      const res = await call(detail, { path: `/api/products/${encodeURIComponent(id)}/`, params: { id } });
      expectProblem(res, 400);
      expect(res.body.errors).toHaveProperty("id");
    }
  });
});

/**
 * Search is ranked PostgreSQL full-text search (lib/catalog/queries.ts productSearch): every word must match the start
 * of a word in the name, SKU or description, or the whole query is exactly a SKU. Runs last, so the product it adds
 * does not change the counts above.
 */
describe("GET /api/products/?search=", () => {
  let veneer: { id: number };
  let skuProduct: { id: number; sku: string };

  beforeAll(async () => {
    const sellerC = await createUser({ roles: ["SELLER"] });
    // mentions walnut only in its description, and is the newest product: rank, not date, must put it last
    veneer = await createProduct(sellerC.id, { name: "Oak Shelf", description: "Edged in walnut veneer", createdAt: new Date(Date.UTC(2026, 2, 1)) });
    skuProduct = await createProduct(sellerC.id, { name: "Brass Hook", sku: "HK-2026_X", createdAt: new Date(Date.UTC(2025, 0, 1)) });
  });

  const search = (q: string, extra = "") => call<Page>(list, { path: `/api/products/?search=${encodeURIComponent(q)}&page_size=100${extra}` });

  it("matches word prefixes, case-insensitively, and never shows inactive products to the public", async () => {
    for (const q of ["walnu", "WALNUT", "Walnut"]) {
      const res = await search(q);
      expect(res.status).toBe(200);
      expect(res.body.count, q).toBe(6); // five Walnut Desks and the Oak Shelf; the inactive prototype stays hidden
      expect(res.body.results.some((p) => p.id === hidden.id)).toBe(false);
    }
    expect((await search("lamp 2")).body.results.map((p) => p.name).sort()).toEqual(["Steel Lamp 2", "Steel Lamp 21", "Steel Lamp 22", "Steel Lamp 23", "Steel Lamp 24"]);
    expect((await search("alnut")).body.count).toBe(0); // a prefix, not a substring
  });

  it("lets the owner find their own inactive product", async () => {
    const res = await call<Page>(list, { path: "/api/products/?search=prototype", headers: (await bearerFor(sellerA)).headers });
    expect(res.body.results.map((p) => p.id)).toEqual([hidden.id]);
  });

  it("ranks a name match above a description-only match when no ordering is given", async () => {
    const ranked = await search("walnut");
    expect(ranked.body.results.at(-1)!.id).toBe(veneer.id);
    expect(ranked.body.results.slice(0, 5).every((p) => p.name.startsWith("Walnut Desk"))).toBe(true);
    // an explicit ordering wins over the rank
    const newest = await search("walnut", "&ordering=-created_at");
    expect(newest.body.results[0]!.id).toBe(veneer.id);
  });

  it("finds descriptions and exact SKUs", async () => {
    expect((await search("linseed")).body.results.map((p) => p.name)).toEqual(["Steel Lamp 3"]);
    for (const q of ["HK-2026_X", "hk-2026_x"]) {
      const res = await search(q);
      expect(res.body.results[0]!.id, q).toBe(skuProduct.id);
    }
    const exact = await search(skuProduct.sku);
    expect(exact.body.results.map((p) => p.sku)).toEqual([skuProduct.sku]);
  });

  it("ANDs the terms", async () => {
    expect((await search("steel lamp 24")).body.results.map((p) => p.name)).toEqual(["Steel Lamp 24"]);
    expect((await search("walnut lamp")).body.count).toBe(0);
    expect((await search("walnut desk")).body.count).toBe(5);
  });

  it("matches nothing for punctuation only, and treats query syntax as plain words", async () => {
    for (const q of ["%", "%%", "_", "'", "&|!():*", "\\"]) {
      const res = await search(q);
      expect(res.status, q).toBe(200);
      expect(res.body.count, q).toBe(0);
    }
    // tsquery operators in the input are not operators: "!desk" is still the word desk, ANDed
    expect((await search("walnut & !desk")).body.count).toBe(5);
    expect((await search("walnut:* | lamp")).body.count).toBe(0);
  });
});
