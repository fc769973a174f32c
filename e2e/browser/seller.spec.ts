import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { DEMO_PASSWORD, signIn } from "../helpers/auth";

/**
 * The seller console and the admin orders page, end to end on the production build: products created and stocked
 * through the forms, an order placed through the API by the demo customer and shipped from the seller's buttons.
 * Per-user limits are low (update_stock and update_status: 5 a minute), so each test stays well under them.
 */

const SELLER = "seller@example.com";
const CUSTOMER = "customer@example.com";
const ADMIN = "admin@example.com";
const SHIPPING = { shipping_address: "1 Test Street", shipping_city: "Testville", shipping_postal_code: "12345", shipping_country: "Testland" };

const uniqueSku = (tag: string) => `E2E-${tag}-${Date.now()}-${Math.floor(Math.random() * 1000)}`;

/** An API bearer token for a demo account (POST /api/auth/token/, the SimpleJWT-compatible door). */
async function bearer(request: APIRequestContext, email: string): Promise<Record<string, string>> {
  const res = await request.post("/api/auth/token/", { data: { email, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return { authorization: `Bearer ${(await res.json()).access}` };
}

async function placeOrder(request: APIRequestContext, auth: Record<string, string>, productId: number, quantity = 1) {
  const res = await request.post("/api/orders/", { headers: auth, data: { items: [{ product_id: productId, quantity }], ...SHIPPING } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: number; order_number: string; status: string };
}

/** The table row of one product or order, found by text that only it holds (a SKU, an order number). */
const rowWith = (page: Page, text: string) => page.getByRole("row").filter({ hasText: text });

test("a seller creates a product, adjusts its stock to low, and ships an order for it", async ({ page, request }) => {
  test.setTimeout(90_000);
  page.on("dialog", (dialog) => void dialog.accept());
  const sku = uniqueSku("NEW");
  const name = `E2E lamp ${sku}`;

  await signIn(page, SELLER, DEMO_PASSWORD);
  await page.goto("/seller/products/new");
  const form = page.getByRole("form", { name: "New product" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("SKU").fill(sku.toLowerCase()); // stored normalised, in capitals
  await form.getByLabel("Price (USD)").fill("19.90");
  await form.getByLabel("Stock", { exact: true }).fill("20");
  await form.getByLabel("Low-stock threshold").fill("5");
  await form.getByLabel("Category").selectOption({ index: 1 });
  await expect(form.getByLabel("Featured on the home page")).toHaveCount(0); // admins only
  await form.getByRole("button", { name: "Create product" }).click();

  await expect(page).toHaveURL(/\/seller\?created=/);
  await expect(page.getByRole("status").filter({ hasText: `Product ${sku} created.` })).toBeVisible();
  const row = rowWith(page, sku);
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name })).toBeVisible();
  await expect(row).toContainText("$19.90");
  await expect(row.getByTestId("stock")).toHaveText("20");
  await expect(row.getByText("In stock", { exact: true })).toBeVisible();

  // quick adjust: remove 3 (a delta), then set 4 (absolute, at or below the threshold of 5 → low stock)
  await row.getByLabel(`Amount for ${name}`).fill("3");
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(row.getByTestId("stock")).toHaveText("17");
  await expect(row.getByRole("status")).toHaveText("Stock is now 17.");
  await expect(row.getByText("Low stock", { exact: true })).toHaveCount(0);
  await row.getByLabel(`Amount for ${name}`).fill("4");
  await row.getByRole("button", { name: "Set" }).click();
  await expect(row.getByTestId("stock")).toHaveText("4");
  await expect(row.getByText("Low stock", { exact: true })).toBeVisible();

  // the low-stock filter (in the URL) lists it
  await page.getByLabel("Low stock only").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/low_stock=true/);
  await expect(rowWith(page, sku).getByText("Low stock", { exact: true })).toBeVisible();

  // the demo customer orders one through the API
  const found = await (await request.get(`/api/products/?search=${sku}`)).json();
  expect(found.results).toHaveLength(1);
  const productId: number = found.results[0].id;
  const customer = await bearer(request, CUSTOMER);
  const order = await placeOrder(request, customer, productId);
  expect(order.status).toBe("PENDING");

  await page.getByRole("navigation", { name: "Seller" }).getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/seller\/orders$/);
  const orderRow = rowWith(page, order.order_number);
  await expect(orderRow).toContainText(`${name} × 1`);
  await expect(orderRow).toContainText("your lines");
  await expect(orderRow.getByText("PENDING", { exact: true })).toBeVisible();
  // a seller cannot cancel: the button is not offered
  await expect(orderRow.getByRole("button", { name: "Cancel order" })).toHaveCount(0);

  for (const [button, status] of [
    ["Confirm", "CONFIRMED"],
    ["Start processing", "PROCESSING"],
    ["Mark shipped", "SHIPPED"],
  ] as const) {
    await orderRow.getByRole("button", { name: button }).click();
    await expect(orderRow.getByText(status, { exact: true })).toBeVisible();
    await expect(orderRow.getByRole("status")).toHaveText(`Order ${order.order_number} is now ${status}.`);
  }
  await expect(orderRow.getByRole("button", { name: "Mark delivered" })).toBeVisible();

  // the seller's order page shows the shipping address and the history
  await orderRow.getByRole("link", { name: order.order_number }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(order.order_number);
  await expect(page.getByText("1 Test Street")).toBeVisible();
  await expect(page.getByText("Shipped", { exact: true })).toBeVisible();

  const seen = await request.get(`/api/orders/${order.id}/`, { headers: customer });
  expect(seen.status()).toBe(200);
  const body = await seen.json();
  expect(body.status).toBe("SHIPPED");
  expect(body.shipped_at).toEqual(expect.any(String));
  expect(body.confirmed_at).toEqual(expect.any(String));

  // stock went 4 → 3 with the order
  await page.goto(`/seller?search=${sku}`);
  await expect(rowWith(page, sku).getByTestId("stock")).toHaveText("3");

  // the admin orders page is not the seller's
  await page.goto("/admin/orders");
  await expect(page.getByRole("heading", { name: "403 — Forbidden" })).toBeVisible();
});

test("a stale edit form is refused with a clear message; a taken SKU is shown on its field", async ({ page, request }) => {
  const seller = await bearer(request, SELLER);
  const sku = uniqueSku("EDIT");
  const created = await request.post("/api/products/", { headers: seller, data: { name: "E2E stale product", sku, price: "10.00", stock_quantity: 8 } });
  expect(created.status(), await created.text()).toBe(201);
  const product = (await created.json()) as { id: number };

  await signIn(page, SELLER, DEMO_PASSWORD);
  await page.goto(`/seller/products/${product.id}/edit`);
  const form = page.getByRole("form", { name: "Edit product" });
  await expect(form.getByLabel("Name")).toHaveValue("E2E stale product");

  // someone else changes the product meanwhile (through the API)
  const patched = await request.patch(`/api/products/${product.id}/`, { headers: seller, data: { price: "11.00" } });
  expect(patched.status(), await patched.text()).toBe(200);

  await form.getByLabel("Name").fill("E2E stale product renamed");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("status").filter({ hasText: "changed since you loaded it" })).toBeVisible();
  await expect(form.getByLabel("Name")).toHaveValue("E2E stale product renamed"); // what was typed is kept
  const after = await (await request.get(`/api/products/${product.id}/`, { headers: seller })).json();
  expect(after).toMatchObject({ name: "E2E stale product", price: "11.00" }); // nothing overwritten

  // after a reload the form carries the current version: a save with a taken SKU names the SKU field
  await page.reload();
  await expect(form.getByLabel("Price (USD)")).toHaveValue("11.00");
  await form.getByLabel("SKU").fill("DEMO-00001");
  await form.getByLabel("Name").fill("E2E renamed again");
  await form.getByRole("button", { name: "Save changes" }).click();
  // the reason is both the form's message and the SKU field's error
  await expect(form.locator("#product-form-status")).toHaveText("A product with this SKU already exists.");
  await expect(form.locator("#field-sku-error")).toHaveText("A product with this SKU already exists.");
  await expect(form.getByLabel("SKU")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name")).toHaveValue("E2E renamed again");

  // a valid save goes through and the page shows the stored product
  await form.getByLabel("SKU").fill(sku);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("status")).toHaveText(`Saved ${sku}.`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit E2E renamed again");
});

test("an admin sees every order in /admin/orders and finds one by number", async ({ page, request }) => {
  const inStock = await (await request.get("/api/products/?in_stock=true&ordering=-stock_quantity&page_size=1")).json();
  const customer = await bearer(request, CUSTOMER);
  const order = await placeOrder(request, customer, inStock.results[0].id);

  await signIn(page, ADMIN, DEMO_PASSWORD);
  await page.goto("/admin/users");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/admin\/orders$/);
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();

  await page.getByLabel("Order number or customer email").fill(order.order_number);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`search=${order.order_number}`));
  const row = rowWith(page, order.order_number);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(CUSTOMER);
  await expect(row.getByText("PENDING", { exact: true })).toBeVisible();
  // the admin may cancel a pending order (a seller may not); refund only appears once delivered
  await expect(row.getByRole("button", { name: "Cancel order" })).toBeVisible();
  await expect(row.getByRole("button", { name: "Refund" })).toHaveCount(0);
});
