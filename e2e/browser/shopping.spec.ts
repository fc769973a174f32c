import { expect, test } from "../fixtures";
import { DEMO_PASSWORD, newUser, signIn, signOut, submitLogin } from "../helpers/auth";
import { expectedTotals, firstProduct, productStock, registerByApi } from "../helpers/shop";

const PASSWORD = "Copper-Lantern-5823";

test.describe("shopping", () => {
  test("browse → search → cart as a visitor → sign in merges it → checkout → confirmation → history → cancel restores stock", async ({ page, request, expectedHttpErrors }) => {
    // a product with plenty of stock, read first: the test only checks what it changes itself
    const product = await firstProduct(request, "in_stock=true&ordering=-stock_quantity");
    const stockBefore = product.stock_quantity;
    const quantity = 2;
    const totals = expectedTotals(product.price, quantity);
    const user = newUser("shopper", PASSWORD);
    await registerByApi(request, user);

    // browse and search, all in the URL
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalogue" }).click();
    await expect(page).toHaveURL(/\/products$/);
    await page.getByLabel("Search").fill(product.sku);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]search=${product.sku}`));
    await page.getByRole("list", { name: "Products" }).getByRole("link", { name: product.name, exact: true }).click();

    // the product page
    await expect(page).toHaveURL(new RegExp(`/products/${product.id}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(product.name);
    await expect(page.getByTestId("product-price")).toHaveText(`$${product.price}`);
    await expect(page.getByTestId("stock-state")).toHaveText(stockBefore > 5 ? "In stock" : `Only ${stockBefore} left`);
    await expect(page.locator("#reviews").getByRole("heading", { name: "Reviews" })).toBeVisible();
    await expect(page.locator("#reviews")).toContainText("No reviews yet.");

    // add to cart as an anonymous visitor: the cart lives in this browser
    const addForm = page.getByRole("form", { name: "Add to cart" });
    await addForm.getByLabel("Quantity").fill(String(quantity));
    await addForm.getByRole("button", { name: "Add to cart" }).click();
    await expect(addForm.getByRole("status")).toContainText(`Added to your cart (${quantity} in cart)`);
    await expect(page.getByTestId("cart-count")).toHaveText(String(quantity));

    // the cart shows the server's current prices
    await page.getByRole("link", { name: /^Cart/ }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByTestId("cart-line")).toHaveCount(1);
    await expect(page.getByTestId("cart-line").getByTestId("line-total")).toHaveText(`$${totals.subtotal}`);
    await expect(page.getByTestId("total")).toHaveText(`$${totals.total}`);

    // checkout asks to sign in; afterwards the browser cart is in the account and gone from localStorage
    await page.getByRole("link", { name: "Sign in and check out" }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fcheckout$/);
    await submitLogin(page, user.email, user.password, { navigate: false });
    await expect(page).toHaveURL(/\/checkout$/);
    const orderItems = page.getByRole("list", { name: "Order items" });
    await expect(orderItems.getByRole("listitem")).toHaveCount(1);
    await expect(orderItems).toContainText(`${quantity} × $${product.price}`);
    await expect(page.getByTestId("cart-count")).toHaveText(String(quantity));
    expect(await page.evaluate(() => window.localStorage.getItem("shop.cart.v1"))).toBeNull();
    await expect(page.getByTestId("subtotal")).toHaveText(`$${totals.subtotal}`);
    await expect(page.getByTestId("total")).toHaveText(`$${totals.total}`);

    // a bad field: inline error, focus on it, typed values kept, no order
    const shipping = page.getByRole("form", { name: "Shipping details" });
    await shipping.getByLabel("Address", { exact: true }).fill("12 Harbour Street");
    await shipping.getByLabel("City", { exact: true }).fill("Lisbon");
    await shipping.getByLabel("Postal code", { exact: true }).fill("1100#148");
    await shipping.getByLabel("Country", { exact: true }).fill("Portugal");
    await shipping.getByRole("button", { name: "Place order" }).click();
    await expect(shipping.getByText("Postal code may hold letters, digits, spaces and -")).toBeVisible();
    await expect(shipping.getByLabel("Postal code", { exact: true })).toBeFocused();
    await expect(shipping.getByLabel("Address", { exact: true })).toHaveValue("12 Harbour Street");
    await expect(shipping.getByLabel("Country", { exact: true })).toHaveValue("Portugal");

    // placed twice at once (a double submit): the page's Idempotency-Key makes it one order
    await shipping.getByLabel("Postal code", { exact: true }).fill("1100-148");
    await shipping.evaluate((form: HTMLFormElement) => {
      form.requestSubmit();
      form.requestSubmit();
    });
    await expect(page).toHaveURL(/\/account\/orders\/\d+\?placed=1$/);
    const orderId = Number(/\/account\/orders\/(\d+)/.exec(page.url())![1]);

    // the confirmation, with the server's amounts
    await expect(page.getByTestId("order-placed")).toContainText("Thank you, your order is placed.");
    await expect(page.getByTestId("order-status")).toHaveText("PENDING");
    await expect(page.getByTestId("subtotal")).toHaveText(`$${totals.subtotal}`);
    await expect(page.getByTestId("tax")).toHaveText(`$${totals.tax}`);
    await expect(page.getByTestId("shipping")).toHaveText(totals.shipping === "0.00" ? "Free" : `$${totals.shipping}`);
    await expect(page.getByTestId("total")).toHaveText(`$${totals.total}`);
    await expect(page.getByTestId("order-line")).toHaveCount(1);
    await expect(page.getByText("12 Harbour Street")).toBeVisible();
    await expect(page.getByTestId("cart-count")).toHaveText("0");

    const mine = await (await page.request.get("/api/orders/")).json();
    expect(mine.count).toBe(1);
    const order = mine.results[0];
    expect(order).toMatchObject({ id: orderId, status: "PENDING", subtotal: totals.subtotal, tax_amount: totals.tax, shipping_cost: totals.shipping, total_amount: totals.total });
    expect(order.items).toEqual([expect.objectContaining({ product: product.id, quantity, unit_price: product.price })]);
    expect(await productStock(request, product.id)).toBe(stockBefore - quantity);

    // the order history lists it
    await page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Orders" }).click();
    await expect(page).toHaveURL(/\/account\/orders$/);
    const row = page.getByTestId("order-row").filter({ hasText: order.order_number });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("order-status")).toHaveText("PENDING");
    await expect(row).toContainText(`$${totals.total}`);
    await row.getByRole("link", { name: order.order_number }).click();
    await expect(page).toHaveURL(new RegExp(`/account/orders/${orderId}$`));

    // cancel, with a confirmation step; "Keep the order" backs out
    await page.getByRole("button", { name: "Cancel order" }).click();
    await page.getByRole("button", { name: "Keep the order" }).click();
    await expect(page.getByRole("button", { name: "Cancel order" })).toBeFocused();
    await expect(page.getByTestId("order-status")).toHaveText("PENDING");
    await page.getByRole("button", { name: "Cancel order" }).click();
    await expect(page.getByRole("button", { name: "Yes, cancel the order" })).toBeFocused();
    await page.getByRole("button", { name: "Yes, cancel the order" }).click();
    await expect(page.getByTestId("order-status")).toHaveText("CANCELLED");
    await expect(page.getByTestId("timeline-cancelled").locator("time")).toBeVisible();
    await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);

    // the stock is back, in the API and on the product page
    expect(await productStock(request, product.id)).toBe(stockBefore);
    await page.goto(`/products/${product.id}`);
    await expect(page.getByTestId("stock-state")).toHaveText(stockBefore > 5 ? "In stock" : `Only ${stockBefore} left`);

    // another customer cannot open this order: the not-found page
    await signOut(page);
    await signIn(page, "customer@example.com", DEMO_PASSWORD);
    expectedHttpErrors.push(`/account/orders/${orderId}`);
    const res = await page.goto(`/account/orders/${orderId}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("more than is in stock: a clear message naming the product, the cart kept, no order; an empty cart cannot check out", async ({ page, request }) => {
    const user = newUser("short", PASSWORD);
    await registerByApi(request, user);
    await signIn(page, user.email, user.password);

    await page.goto("/checkout");
    await expect(page.getByText("Your cart is empty.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Place order" })).toHaveCount(0);

    // a sold-out product cannot be added at all
    const soldOut = await firstProduct(request, "in_stock=false");
    await page.goto(`/products/${soldOut.id}`);
    await expect(page.getByTestId("stock-state")).toHaveText("Out of stock");
    await expect(page.getByRole("button", { name: "Add to cart" })).toBeDisabled();

    // the scarcest product still on sale
    const product = await firstProduct(request, "in_stock=true&ordering=stock_quantity");
    const stock = product.stock_quantity;
    await page.goto(`/products/${product.id}`);
    await page.getByRole("form", { name: "Add to cart" }).getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByTestId("cart-count")).toHaveText("1");

    // the cart accepts more than the stock but warns
    await page.goto("/cart");
    const line = page.getByTestId("cart-line");
    await line.getByLabel(`Quantity of ${product.name}`).fill(String(stock + 1));
    await line.getByRole("button", { name: "Update" }).click();
    await expect(page.getByTestId("cart-count")).toHaveText(String(stock + 1));
    await expect(line.getByTestId("line-warning")).toHaveText(`Only ${stock} left: lower the quantity to check out.`);

    await page.getByRole("link", { name: "Check out" }).click();
    await expect(page).toHaveURL(/\/checkout$/);
    const shipping = page.getByRole("form", { name: "Shipping details" });
    await shipping.getByLabel("Address", { exact: true }).fill("3 Quay Road");
    await shipping.getByLabel("City", { exact: true }).fill("Cork");
    await shipping.getByLabel("Postal code", { exact: true }).fill("T12 X2Y3");
    await shipping.getByLabel("Country", { exact: true }).fill("Ireland");
    await shipping.getByRole("button", { name: "Place order" }).click();
    await expect(shipping.getByRole("status")).toHaveText(
      `Only ${stock} of “${product.name}” left, and your cart has ${stock + 1}. Lower the quantity in your cart and try again.`,
    );
    await expect(shipping.getByRole("link", { name: "Adjust your cart" })).toBeVisible();
    await expect(page).toHaveURL(/\/checkout$/);
    await expect(shipping.getByLabel("Address", { exact: true })).toHaveValue("3 Quay Road");

    // nothing was ordered or taken, and the cart is as it was
    const mine = await (await page.request.get("/api/orders/")).json();
    expect(mine.count).toBe(0);
    expect(await productStock(request, product.id)).toBe(stock);
    await expect(page.getByTestId("cart-count")).toHaveText(String(stock + 1));
  });
});
