import { expect, test } from "@playwright/test";

test.describe("products API over HTTP (production build)", () => {
  test("answers /api/products/ and /api/products the same, without a redirect", async ({ request }) => {
    const query = "search=steel&ordering=-price&page=2";
    const withSlash = await request.get(`/api/products/?${query}`, { maxRedirects: 0 });
    const without = await request.get(`/api/products?${query}`, { maxRedirects: 0 });
    expect(withSlash.status()).toBe(200);
    expect(without.status()).toBe(200);
    const a = await withSlash.json();
    const b = await without.json();
    expect(a.count).toBeGreaterThan(20);
    expect(a.results).toHaveLength(20);
    expect(b.results).toEqual(a.results);
    expect(a.previous).toMatch(/\/api\/products\/\?search=steel&ordering=-price$/);
    expect(a.next).toMatch(/page=3/);
    const prices = a.results.map((p: { price: string }) => Number(p.price));
    expect(prices).toEqual([...prices].sort((x, y) => y - x));
  });

  test("serves the seeded catalogue of 1,000+ products", async ({ request }) => {
    const res = await request.get("/api/products/?page_size=1");
    expect((await res.json()).count).toBeGreaterThanOrEqual(1000);
  });

  test("answers bad input with problem+json naming the field", async ({ request }) => {
    const bad = await request.get("/api/products/?page=zero&colour=red");
    expect(bad.status()).toBe(400);
    expect(bad.headers()["content-type"]).toBe("application/problem+json");
    const body = await bad.json();
    expect(Object.keys(body.errors).sort()).toEqual(["colour", "page"]);
    expect(body.request_id).toBe(bad.headers()["x-request-id"]);

    const badId = await request.get("/api/products/12abc/");
    expect(badId.status()).toBe(400);
    expect((await badId.json()).errors).toHaveProperty("id");

    const unknown = await request.post("/api/no-such-thing/", { data: {} });
    expect(unknown.status()).toBe(404);
    expect(unknown.headers()["content-type"]).toBe("application/problem+json");
  });

  test("readiness and liveness answer", async ({ request }) => {
    expect((await request.get("/api/health/")).status()).toBe(200);
    const ready = await request.get("/api/health/ready");
    expect(ready.status()).toBe(200);
    expect((await ready.json()).checks.database).toBe("ok");
  });

  test("every response carries the static security headers", async ({ request }) => {
    for (const path of ["/", "/api/products/", "/api/missing/", "/products/0"]) {
      const res = await request.get(path);
      const h = res.headers();
      expect(h["x-content-type-options"], path).toBe("nosniff");
      expect(h["x-frame-options"], path).toBe("DENY");
      expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
      expect(h["permissions-policy"], path).toContain("publickey-credentials-get=(self)");
      expect(h["x-powered-by"], path).toBeUndefined();
    }
  });
});
