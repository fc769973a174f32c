import { expect, test } from "../fixtures";

test.describe("storefront", () => {
  test("home page lists featured products and new arrivals from the seeded catalogue", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("list", { name: "Featured products" }).getByRole("listitem").first()).toBeVisible();
    await expect(page.getByRole("list", { name: "New arrivals" }).getByRole("listitem")).toHaveCount(12);
  });

  test("catalogue search, sort and pagination live in the URL and the back button works", async ({ page }) => {
    await page.goto("/products");
    await page.getByLabel("Search").fill("walnut");
    await page.getByLabel("Sort").selectOption("-price");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/search=walnut/);
    await expect(page).toHaveURL(/ordering=-price/);
    const names = await page.getByRole("list", { name: "Products" }).getByRole("heading").allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => /walnut/i.test(n))).toBe(true);
    const prices = (await page.getByTestId("price").allTextContents()).map((p) => Number(p.replace("$", "")));
    expect(prices).toEqual([...prices].sort((a, b) => b - a));

    await page.getByRole("link", { name: "Next →" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText("Page 2 of")).toBeVisible();
    await page.goBack();
    await expect(page).not.toHaveURL(/page=2/);
    await expect(page.getByText("Page 1 of")).toBeVisible();
    await expect(page.getByLabel("Search")).toHaveValue("walnut");
  });

  test("a product page shows price, stock and seller; a hidden or missing product is a 404 page", async ({ page, expectedHttpErrors }) => {
    expectedHttpErrors.push("/products/99999999");
    const listed = await (await page.request.get("/api/products/?page_size=1&ordering=name")).json();
    const sku: string = listed.results[0].sku;
    await page.goto(`/products?search=${sku}`);
    await page.getByRole("list", { name: "Products" }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(listed.results[0].name);
    await expect(page.getByText(sku, { exact: true })).toBeVisible();
    await expect(page.getByText(/^Seller$/)).toBeVisible();

    const res = await page.goto("/products/99999999");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("invalid filters in a shared URL get a clear message, not an error page", async ({ page }) => {
    await page.goto("/products?min_price=abc");
    await expect(page.getByRole("alert").filter({ hasText: "Some filters are not valid" })).toContainText("min_price");
  });
});
