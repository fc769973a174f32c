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

test("a seller registers a webhook in the browser; the server's worker delivers a signed order.created to it", async ({ page, request }) => {
  test.setTimeout(60_000);
  const { createServer } = await import("node:http");
  const { createHmac, timingSafeEqual } = await import("node:crypto");
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/hooks/${Date.now()}`;
  try {
    await signIn(page, SELLER, DEMO_PASSWORD);
    await page.goto("/seller/webhooks");
    await page.getByLabel("Endpoint URL").fill(url);
    await page.getByRole("checkbox", { name: /order\.created/ }).check();
    await page.getByRole("button", { name: "Register endpoint" }).click();
    const secretField = page.getByLabel("Signing secret (shown only now)");
    await expect(secretField).toHaveValue(/^whsec_/);
    const secret = await secretField.inputValue();

    // a customer orders one of the seller's products through the API
    const token = await request.post("/api/auth/token/", { data: { email: "customer@example.com", password: DEMO_PASSWORD } });
    expect(token.status()).toBe(200);
    const auth = { authorization: `Bearer ${((await token.json()) as { access: string }).access}` };
    const list = (await (await request.get(`/api/products/?search=&page_size=100`)).json()) as { results: { id: number; seller_email: string; stock_quantity: number }[] };
    const product = list.results.find((p) => p.seller_email === SELLER && p.stock_quantity > 0)!;
    const order = await request.post("/api/orders/", {
      headers: auth,
      data: { items: [{ product_id: product.id, quantity: 1 }], shipping_address: "1 Hook Lane", shipping_city: "Testville", shipping_postal_code: "12345", shipping_country: "Testland" },
    });
    expect(order.status(), await order.text()).toBe(201);
    const orderNumber = ((await order.json()) as { order_number: string }).order_number;

    await expect.poll(() => received.filter((r) => r.headers["shop-event"] === "order.created").length, { timeout: 20_000 }).toBeGreaterThan(0);
    const delivery = received.find((r) => r.headers["shop-event"] === "order.created")!;
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(delivery.headers["shop-signature"]));
    expect(m).not.toBeNull();
    const expected = createHmac("sha256", secret).update(`${m![1]}.${delivery.body}`).digest();
    expect(timingSafeEqual(expected, Buffer.from(m![2]!, "hex"))).toBe(true);
    expect(Math.abs(Date.now() / 1000 - Number(m![1]))).toBeLessThan(300);
    const payload = JSON.parse(delivery.body) as { type: string; data: { order: { order_number: string; is_partial_view: boolean } } };
    expect(payload.type).toBe("order.created");
    expect(payload.data.order.order_number).toBe(orderNumber);
    expect(payload.data.order.is_partial_view).toBe(true); // the seller's view: only their lines

    // the page's delivery log shows it delivered
    await page.reload();
    const card = page.getByRole("listitem").filter({ hasText: url });
    await expect(card.getByRole("row").filter({ hasText: "order.created" }).first()).toContainText("succeeded");
    await expect(card.getByRole("row").filter({ hasText: "order.created" }).first()).toContainText("HTTP 204");
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
