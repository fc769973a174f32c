import { expect, test } from "../fixtures";
import { DEMO_PASSWORD, signIn } from "../helpers/auth";

/**
 * External clients, end to end on the production build: the API reference renders every operation of the OpenAPI
 * document under its CSP; a seller makes a scoped API key in the browser, an "integration" uses it, the seller
 * revokes it and the very next request is refused; a key never opens the website.
 */

const SELLER = "seller@example.com";

type OpenApi = { paths: Record<string, Record<string, { operationId: string }>> };

test("/api/docs renders every operation of /api/openapi.json, styled, without a script", async ({ page, request }) => {
  const spec = (await (await request.get("/api/openapi.json")).json()) as OpenApi;
  const ids = Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  expect(ids.length).toBeGreaterThan(80);

  const res = await page.goto("/api/docs/");
  expect(res?.status()).toBe(200);
  expect(res?.headers()["content-security-policy"]).toContain("style-src 'self'");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Secure Shop API");
  await expect(page.getByTestId("operation-count")).toHaveText(String(ids.length));
  await expect(page.locator("article.op")).toHaveCount(ids.length);
  for (const id of ids) await expect(page.locator(`article[id="${id}"]`)).toHaveCount(1);
  // the stylesheet loaded under the page's CSP (a GET badge is blue)
  await expect(page.locator("article.op .m-get").first()).toHaveCSS("background-color", "rgb(9, 105, 218)");
  expect(await page.locator("script").count()).toBe(0);
  // one operation in full: its parameters, body and responses
  const stock = page.locator('article[id="post_products_id_update_stock"]');
  await expect(stock).toContainText("/api/products/{id}/update_stock/");
  await expect(stock).toContainText("If-Match");
  await expect(stock.getByText("412", { exact: true })).toBeVisible();
});

test("a seller creates a products:write key in the browser; it updates stock, is refused orders, and dies on revoke", async ({ page, request, browser, clientIp }) => {
  test.setTimeout(60_000);
  await signIn(page, SELLER, DEMO_PASSWORD);
  await page.goto("/account/api-keys");
  await page.getByLabel("Name").fill(`E2E stock sync ${Date.now()}`);
  await page.getByRole("checkbox", { name: /products:write/ }).check();
  await page.getByLabel("Expires").selectOption("30");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^shop_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
  const key = (await shown.textContent())!;
  const prefix = key.slice(0, 17);
  // listed by prefix only
  const row = page.getByTestId("api-key-row").filter({ hasText: prefix });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("api-key-status")).toHaveText("active");
  expect(await page.content()).toContain(key); // still on screen this once…
  await page.reload();
  expect(await page.content()).not.toContain(key); // …and never again

  // the integration: create a product, set its stock; orders are out of scope
  const withKey = { "x-api-key": key };
  const sku = `E2E-KEY-${Date.now()}`;
  const created = await request.post("/api/products/", { headers: withKey, data: { name: `Key lamp ${sku}`, sku, price: "12.50", stock_quantity: 3 } });
  expect(created.status(), await created.text()).toBe(201);
  const product = (await created.json()) as { id: number };
  const stocked = await request.post(`/api/products/${product.id}/update_stock/`, { headers: withKey, data: { quantity: 40 } });
  expect(stocked.status(), await stocked.text()).toBe(200);
  expect(((await stocked.json()) as { stock_quantity: number }).stock_quantity).toBe(40);
  expect((await request.get("/api/orders/", { headers: withKey })).status()).toBe(403);
  expect((await request.get("/api/orders/", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(403);

  // a key never opens the website: a browser sending it is just an anonymous visitor
  const keyed = await browser.newContext({ extraHTTPHeaders: { "x-api-key": key, "x-forwarded-for": clientIp } });
  const keyedPage = await keyed.newPage();
  await keyedPage.goto("/account");
  await expect(keyedPage).toHaveURL(/\/login\?next=%2Faccount/);
  await keyed.close();

  // last used shows up; revoke from the page; the next request is refused
  await page.reload();
  await expect(row).toContainText("4 requests"); // create, stock, and the two refused order lists
  await row.getByRole("button", { name: `Revoke key ${prefix}` }).click();
  await expect(row.getByTestId("api-key-status")).toHaveText("revoked");
  const refused = await request.post(`/api/products/${product.id}/update_stock/`, { headers: withKey, data: { quantity: 1 } });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { detail: string }).detail).toBe("Invalid API key.");
});
