import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { DEMO_PASSWORD, newUser, signIn, signOut } from "../helpers/auth";
import { pngImage } from "../helpers/files";
import { registerByApi } from "../helpers/shop";

/**
 * Reviews and product images on the storefront, end to end on the production build. Setup goes through the API
 * (a fresh product per test, an order moved to DELIVERED by the admin, the admin's approval and file release: the
 * admin pages are covered elsewhere); what a shopper sees and does goes through the browser.
 */

const SELLER = "seller@example.com";
const ADMIN = "admin@example.com";
const PASSWORD = "Quill-Review-2026!";

const unique = (tag: string) => `${tag}-${Date.now()}-${Math.floor(Math.random() * 1000)}`.toUpperCase();

async function bearer(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<Record<string, string>> {
  const res = await request.post("/api/auth/token/", { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return { authorization: `Bearer ${(await res.json()).access}` };
}

async function createProduct(request: APIRequestContext, tag: string): Promise<{ id: number; name: string; sku: string }> {
  const sku = unique(tag);
  const res = await request.post("/api/products/", {
    headers: await bearer(request, SELLER),
    data: { name: `E2E ${tag.toLowerCase()} lantern ${sku}`, sku, price: "19.00", stock_quantity: 20 },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: number; name: string; sku: string };
}

/** The customer orders one unit; the admin walks the order to DELIVERED (which makes a review a verified purchase). */
async function deliveredOrder(request: APIRequestContext, customer: Record<string, string>, productId: number): Promise<void> {
  const placed = await request.post("/api/orders/", {
    headers: customer,
    data: { items: [{ product_id: productId, quantity: 1 }], shipping_address: "1 Review Road", shipping_city: "Leeds", shipping_postal_code: "LS1 4AP", shipping_country: "UK" },
  });
  expect(placed.status(), await placed.text()).toBe(201);
  const orderId = ((await placed.json()) as { id: number }).id;
  const admin = await bearer(request, ADMIN);
  for (const status of ["CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED"]) {
    const res = await request.post(`/api/orders/${orderId}/update_status/`, { headers: admin, data: { status } });
    expect(res.status(), `${status}: ${await res.text()}`).toBe(200);
  }
}

const reviewsSection = (page: Page) => page.getByRole("region", { name: "Reviews", exact: true });

async function expectLoaded(img: Locator): Promise<void> {
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
  // through the optimiser, not the raw download URL
  expect(await img.evaluate((el: HTMLImageElement) => new URL(el.currentSrc).pathname)).toBe("/_next/image");
}

test("a verified buyer's review goes from pending to public; another shopper votes it helpful; HTML is refused", async ({ page, request }) => {
  test.setTimeout(120_000);
  const product = await createProduct(request, "REV");
  const buyer = newUser("buyer", PASSWORD);
  await registerByApi(request, buyer);
  await deliveredOrder(request, await bearer(request, buyer.email, PASSWORD), product.id);

  await signIn(page, buyer.email, PASSWORD);
  await page.goto(`/products/${product.id}#reviews`);
  const section = reviewsSection(page);
  await expect(section.getByTestId("reviews-summary")).toHaveText("No reviews yet");
  const form = section.getByRole("form", { name: "Write a review" });

  // markup in the title: refused by the server, shown beside the field, what was typed kept
  await form.getByRole("radio", { name: "4 stars" }).check();
  const title = form.getByLabel("Title");
  await title.fill('<img src=x onerror="alert(1)">Great');
  await form.getByRole("button", { name: "Submit review" }).click();
  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(`#${await title.getAttribute("aria-describedby")}`)).toHaveText("title must be plain text: HTML is not allowed");
  await expect(title).toBeFocused();
  await expect(title).toHaveValue('<img src=x onerror="alert(1)">Great');

  // plain text with characters that mean something in HTML is kept exactly, and line breaks survive
  const reviewTitle = `Warm light, 3 < 5 & "quiet"`;
  await title.fill(reviewTitle);
  await form.getByLabel(/Comment/).fill("Bright enough to read by.\nThe handle stays cool.");
  // the rating group works from the keyboard: arrow keys move the choice
  await form.getByRole("radio", { name: "4 stars" }).focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  await expect(form.getByRole("radio", { name: "4 stars" })).toBeChecked();
  await form.getByRole("button", { name: "Submit review" }).click();

  const own = section.getByRole("region", { name: "Your review" });
  await expect(own.getByText("Your review is waiting for moderation")).toBeVisible();
  await expect(own.getByText("Pending review.")).toBeVisible();
  await expect(own.getByRole("heading", { name: reviewTitle })).toBeVisible();
  await expect(own.getByRole("img", { name: "4 out of 5" })).toBeVisible();
  await expect(own.getByTestId("verified-badge")).toHaveText("Verified purchase");
  await expect(section.getByRole("form", { name: "Write a review" })).toHaveCount(0);
  // pending reviews do not count
  await expect(section.getByTestId("reviews-summary")).toHaveText("No reviews yet");

  // the admin approves it (the moderation pages have their own spec)
  const admin = await bearer(request, ADMIN);
  const pending = await request.get(`/api/reviews/?product=${product.id}&status=pending`, { headers: admin });
  const reviews = ((await pending.json()) as { results: { id: number; title: string }[] }).results;
  expect(reviews.map((r) => r.title)).toEqual([reviewTitle]);
  const approved = await request.post(`/api/reviews/${reviews[0]!.id}/approve/`, { headers: admin, data: {} });
  expect(approved.status(), await approved.text()).toBe(200);

  // an anonymous visitor sees it with the badge and the average, and is offered to sign in to write one
  await signOut(page);
  await page.goto(`/products/${product.id}`);
  await expect(page.getByTestId("product-rating")).toContainText("4.0 · 1 review");
  await expect(page.getByTestId("product-rating").getByRole("img", { name: "4.0 out of 5" })).toBeVisible();
  await expect(section.getByTestId("reviews-summary")).toContainText("4.0 · 1 review");
  const item = section.getByRole("list", { name: "Customer reviews" }).getByRole("article", { name: reviewTitle });
  await expect(item.getByTestId("verified-badge")).toHaveText("Verified purchase");
  await expect(item.getByRole("img", { name: "4 out of 5" })).toBeVisible();
  await expect(item.getByTestId("review-author")).toHaveText("Robin Q.");
  const comment = item.getByText("Bright enough to read by.");
  await expect(comment).toHaveCSS("white-space", "pre-line");
  expect(await comment.evaluate((el) => (el as HTMLElement).innerText)).toBe("Bright enough to read by.\nThe handle stays cool.");
  await expect(item.getByTestId("helpful-count")).toHaveText("0 people found this helpful");
  await expect(item.getByRole("button", { name: /Helpful/ })).toHaveCount(0);
  await expect(section.getByRole("link", { name: "Sign in to write a review" })).toHaveAttribute("href", `/login?next=${encodeURIComponent(`/products/${product.id}#reviews`)}`);
  // the catalogue card shows the average too
  await page.goto(`/products?search=${product.sku}`);
  await expect(page.getByRole("list", { name: "Products" }).getByTestId("card-rating")).toContainText("4.0 · 1 review");

  // another shopper marks it helpful, once; pressing again takes the vote back
  const voter = newUser("voter", PASSWORD);
  await registerByApi(request, voter);
  await signIn(page, voter.email, PASSWORD);
  await page.goto(`/products/${product.id}#reviews`);
  const helpful = item.getByRole("button", { name: /Helpful/ });
  await expect(helpful).toHaveText("Helpful (0)");
  await expect(helpful).toHaveAttribute("aria-pressed", "false");
  await helpful.click();
  await expect(helpful).toHaveText("Helpful (1)");
  await expect(helpful).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(helpful).toHaveText("Helpful (1)");
  await expect(helpful).toHaveAttribute("aria-pressed", "true");
  await helpful.click();
  await expect(helpful).toHaveText("Helpful (0)");
  await expect(helpful).toHaveAttribute("aria-pressed", "false");
  // the voter has no review yet, so the form is offered to them: they write one, edit it, then delete it
  const voterForm = section.getByRole("form", { name: "Write a review" });
  await voterForm.getByRole("radio", { name: "2 stars" }).check();
  await voterForm.getByLabel("Title").fill("Too dim for me");
  await voterForm.getByRole("button", { name: "Submit review" }).click();
  await expect(own.getByRole("heading", { name: "Too dim for me" })).toBeVisible();
  await expect(own.getByTestId("verified-badge")).toHaveCount(0);
  await own.getByRole("button", { name: "Edit" }).click();
  const edit = own.getByRole("form", { name: "Edit your review" });
  await expect(edit.getByRole("radio", { name: "2 stars" })).toBeChecked();
  await edit.getByLabel("Title").fill("Dim, but pretty");
  await edit.getByRole("button", { name: "Save review" }).click();
  await expect(own.getByRole("heading", { name: "Dim, but pretty" })).toBeVisible();
  await expect(own.getByText("Your review is waiting for moderation")).toBeVisible();
  await own.getByRole("button", { name: "Delete" }).click();
  await own.getByRole("button", { name: "Yes, delete it" }).click();
  await expect(own).toHaveCount(0);
  await expect(section.getByRole("form", { name: "Write a review" })).toBeVisible();
  // the approved review and its average are untouched
  await expect(section.getByTestId("reviews-summary")).toContainText("4.0 · 1 review");
});

test("a seller's product image shows on the storefront only once released, through the image optimiser", async ({ page, request }) => {
  test.setTimeout(90_000);
  const product = await createProduct(request, "IMG");
  const seller = await bearer(request, SELLER);
  const upload = await request.post("/api/files/", {
    headers: seller,
    multipart: { file: { name: "lantern.png", mimeType: "image/png", buffer: await pngImage(480, 360) }, file_type: "product_image" },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const fileId = ((await upload.json()) as { id: number }).id;
  const attached = await request.patch(`/api/products/${product.id}/`, { headers: seller, data: { image_file: fileId } });
  expect(attached.status(), await attached.text()).toBe(200);

  // quarantined: the storefront shows the placeholder, never the file
  await page.goto(`/products/${product.id}`);
  const main = page.getByRole("article").first();
  await expect(main.getByTestId("product-image-placeholder")).toBeVisible();
  await expect(main.getByRole("img", { name: product.name })).toHaveCount(0);

  const released = await request.post(`/api/files/${fileId}/verify/`, { headers: await bearer(request, ADMIN), data: { action: "release" } });
  expect(released.status(), await released.text()).toBe(200);

  await page.reload();
  await expect(main.getByTestId("product-image-placeholder")).toHaveCount(0);
  await expectLoaded(main.getByRole("img", { name: product.name }));
  // the box keeps its square shape whatever the image's own proportions (480×360 here)
  const box = await main.getByRole("img", { name: product.name }).locator("..").boundingBox();
  expect(box && Math.abs(box.width - box.height)).toBeLessThan(2);

  await page.goto(`/products?search=${product.sku}`);
  const card = page.getByRole("list", { name: "Products" }).getByRole("listitem").filter({ hasText: product.name });
  await expectLoaded(card.getByRole("img", { name: product.name }));
});
