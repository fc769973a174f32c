import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { DEMO_PASSWORD, newUser, register, signIn, signOut } from "../helpers/auth";
import { HTML_PAGE, inputFile, jpegImage, pngImage } from "../helpers/files";
import { registerByApi } from "../helpers/shop";

/**
 * The moderation consoles, end to end on the production build: a seller's product image goes through quarantine
 * and the admin's file queue to the public API; reviews written through the API go through the admin's review
 * queue (one by one and in bulk); a user sets an avatar and a disguised HTML file is refused. The moderator's
 * limits are low (5 a minute for reviews and for files), so each test stays under them.
 */

const SELLER = "seller@example.com";
const ADMIN = "admin@example.com";

const unique = (tag: string) => `${tag}-${Date.now()}-${Math.floor(Math.random() * 1000)}`;

/** An API bearer token (POST /api/auth/token/). */
async function bearer(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<Record<string, string>> {
  const res = await request.post("/api/auth/token/", { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return { authorization: `Bearer ${(await res.json()).access}` };
}

/** The table row of one item, found by text that only it holds. */
const rowWith = (page: Page, text: string) => page.getByRole("row").filter({ hasText: text });

// the refused uploads answer 4xx, which the browser reports on the console
test.use({ expectedHttpErrors: ["/api/files/"] });

test("a seller's product image is quarantined, released by the admin, then public", async ({ page, request }) => {
  test.setTimeout(90_000);
  const sku = unique("E2E-IMG").toUpperCase();
  const created = await request.post("/api/products/", {
    headers: await bearer(request, SELLER),
    data: { name: `E2E framed print ${sku}`, sku, price: "24.00", stock_quantity: 5 },
  });
  expect(created.status(), await created.text()).toBe(201);
  const product = (await created.json()) as { id: number; image_url: string | null };
  expect(product.image_url).toBeNull();

  await signIn(page, SELLER, DEMO_PASSWORD);
  await page.goto(`/seller/products/${product.id}/edit`);
  const section = page.getByRole("region", { name: "Image" });
  await expect(section.getByText("No image yet.")).toBeVisible();
  await expect(section).toContainText("reviewed before they appear on the storefront");
  // a JPEG named .png is refused, in the API's words
  await section.getByLabel("New image").setInputFiles(inputFile("disguised.png", "image/png", await jpegImage(200, 200)));
  await section.getByRole("button", { name: "Upload image" }).click();
  await expect(section.getByRole("status")).toHaveText("Upload refused: The file name has .png, but its content is image/jpeg (use .jpg or .jpeg).");
  await expect(section.getByText("No image yet.")).toBeVisible();

  const filename = `${unique("print")}.png`;
  await section.getByLabel("New image").setInputFiles(inputFile(filename, "image/png", await pngImage(320, 240)));
  await section.getByRole("button", { name: "Upload image" }).click();
  await expect(section.getByRole("status")).toHaveText("Image uploaded. It appears on the storefront once an administrator has reviewed it.");
  await expect(section.getByTestId("image-state")).toHaveText(/Awaiting review/);
  // the owner sees their own quarantined file
  const preview = section.getByRole("img", { name: /Current image of/ });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);

  // not public yet: no image_url, and the bytes are not served to anyone else
  const before = (await (await request.get(`/api/products/${product.id}/`)).json()) as { image_url: string | null };
  expect(before.image_url).toBeNull();

  await signOut(page);
  await signIn(page, ADMIN, DEMO_PASSWORD);
  await page.goto("/admin/files");
  await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Files" })).toHaveAttribute("href", "/admin/files");
  const row = rowWith(page, filename);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("product image");
  await expect(row).toContainText("image/png");
  await expect(row).toContainText("320×240 px");
  await expect(row).toContainText("quarantined");
  await expect(row.getByRole("link", { name: /Download/ })).toHaveAttribute("href", /\/api\/files\/\d+\/download\/\?download=true$/);
  await row.getByRole("button", { name: /Release/ }).click();
  await expect(page.getByRole("status").filter({ hasText: `${filename}: released.` })).toBeVisible();
  await expect(rowWith(page, filename)).toHaveCount(0); // it left the quarantine view
  await page.goto("/admin/files?status=released");
  await expect(rowWith(page, filename)).toContainText("released");

  // anonymous: the product shows the image, and the image is served inline as a PNG
  const after = (await (await request.get(`/api/products/${product.id}/`)).json()) as { image_url: string | null };
  expect(after.image_url).toMatch(/^\/api\/files\/\d+\/download\/$/);
  const image = await request.get(after.image_url!);
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toBe("image/png");
  expect(image.headers()["x-content-type-options"]).toBe("nosniff");
  expect((await image.body()).subarray(1, 4).toString("latin1")).toBe("PNG");
});

test("the admin approves and rejects reviews one by one and in bulk", async ({ page, request }) => {
  test.setTimeout(90_000);
  const customer = newUser("reviewer", "Juniper-Beacon-3907");
  await registerByApi(request, customer);
  const auth = await bearer(request, customer.email, customer.password);
  const keys = ["keep", "drop", "late", "bulk1", "bulk2", "bulk3", "bulk4", "bulk5", "bulk6"] as const;
  type Key = (typeof keys)[number];
  const bulk = keys.filter((k) => k.startsWith("bulk"));
  const list = await request.get(`/api/products/?page_size=${keys.length}&ordering=-price`);
  const products = ((await list.json()) as { results: { id: number }[] }).results;
  expect(products).toHaveLength(keys.length);

  const tag = unique("rv");
  const title = (key: Key) => `${key} ${tag}`;
  const ids = {} as Record<Key, number>;
  for (const [i, key] of keys.entries()) {
    const res = await request.post("/api/reviews/", {
      headers: auth,
      data: { product: products[i]!.id, rating: 1 + (i % 5), title: title(key), comment: `Line one of ${key}.\nLine two.` },
    });
    expect(res.status(), await res.text()).toBe(201);
    const review = (await res.json()) as { id: number; status: string };
    expect(review.status).toBe("pending");
    ids[key] = review.id;
  }
  // pending reviews are not public
  expect((await request.get(`/api/reviews/${ids.keep}/`)).status()).toBe(404);

  await signIn(page, ADMIN, DEMO_PASSWORD);
  await page.goto("/admin/reviews");
  await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Reviews" })).toHaveAttribute("href", "/admin/reviews");
  for (const key of keys) await expect(rowWith(page, title(key))).toContainText("pending");
  const keep = rowWith(page, title("keep"));
  await expect(keep).toContainText("Line one of keep.");
  await expect(keep).toContainText(customer.email);
  await expect(keep).toContainText("Not a verified purchase");

  // reject one, with the reason its author will see
  const drop = rowWith(page, title("drop"));
  await drop.getByText("Reject…").click();
  await drop.getByLabel("Reason (shown to the author)").fill("Please describe the product itself.");
  await drop.getByRole("button", { name: /^Reject review/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rejected 1 review." })).toBeVisible();
  await expect(rowWith(page, title("drop"))).toHaveCount(0);

  // approve one
  await keep.getByRole("button", { name: /^Approve review/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved 1 review." })).toBeVisible();
  await expect(rowWith(page, title("keep"))).toHaveCount(0);

  // bulk: six reviews approved in one submission, which counts once against the moderator's 5 a minute
  const select = (key: Key) => page.getByRole("checkbox", { name: new RegExp(`^Select review #${ids[key]} `) }).check();
  for (const key of bulk) await select(key);
  await expect(page.getByText("6 selected")).toBeVisible();
  const bulkForm = page.getByRole("form", { name: "Moderate the selected reviews" });
  await bulkForm.getByRole("button", { name: "Approve selected" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved 6 reviews." })).toBeVisible();
  for (const key of bulk) await expect(rowWith(page, title(key))).toHaveCount(0);

  // one item failing does not hide the other: "keep" is already approved, "late" is still pending
  await page.goto("/admin/reviews?status=all");
  await select("keep");
  await select("late");
  await bulkForm.getByRole("button", { name: "Approve selected" }).click();
  const outcome = page.getByRole("status").filter({ hasText: "Approved 1 of 2 reviews; 1 could not be changed." });
  await expect(outcome).toContainText(`Review #${ids.keep}: This review is already approved.`);
  await expect(rowWith(page, title("late"))).toContainText("approved");

  // the status filter shows the rejected one, with the reason
  await page.goto("/admin/reviews?status=rejected");
  await expect(rowWith(page, title("drop"))).toContainText("Reason: Please describe the product itself.");

  // anonymous readers now see the approved reviews, not the rejected one; its author sees why
  for (const key of keys.filter((k) => k !== "drop")) {
    const res = await request.get(`/api/reviews/${ids[key]}/`);
    expect(res.status(), key).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.status, key).toBe("approved");
    expect(body.is_approved, key).toBe(true);
    expect(body).not.toHaveProperty("rejection_reason");
  }
  expect((await request.get(`/api/reviews/${ids.drop}/`)).status()).toBe(404);
  const own = await request.get(`/api/reviews/${ids.drop}/`, { headers: auth });
  expect(await own.json()).toMatchObject({ status: "rejected", rejection_reason: "Please describe the product itself." });
});

test.describe("avatar", () => {
  test("a user sets an avatar; an HTML file renamed .png is refused with a clear message", async ({ page }) => {
    test.setTimeout(60_000);
    await register(page, newUser("avatar", "Marigold-Ferry-5820"));
    const section = page.getByRole("region", { name: "Avatar" });
    await expect(section.getByText("No avatar")).toBeVisible();

    await section.getByLabel("New picture").setInputFiles(inputFile("me.png", "image/png", await pngImage(128, 128, { r: 200, g: 80, b: 40 })));
    await section.getByRole("button", { name: "Upload avatar" }).click();
    await expect(section.getByRole("status")).toHaveText("Avatar updated.");
    const avatar = section.getByRole("img", { name: "Your avatar" });
    await expect(avatar).toBeVisible();
    await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(128);
    await expect(section.getByTestId("avatar-state")).toHaveText("Awaiting review.");
    const me = (await (await page.request.get("/api/auth/me/")).json()) as { avatar_url: string | null };
    expect(me.avatar_url).toMatch(/^\/api\/files\/\d+\/download\/$/);
    await expect(avatar).toHaveAttribute("src", me.avatar_url!);

    await section.getByLabel("New picture").setInputFiles(inputFile("innocent.png", "image/png", HTML_PAGE));
    await section.getByRole("button", { name: "Upload avatar" }).click();
    await expect(section.getByRole("status")).toContainText("Upload refused: The file's type could not be recognised. Allowed for avatar: image/jpeg, image/png.");
    // the avatar is unchanged
    await expect(avatar).toHaveAttribute("src", me.avatar_url!);

    await section.getByRole("button", { name: "Remove avatar" }).click();
    await expect(section.getByRole("status")).toHaveText("Avatar removed.");
    await expect(section.getByText("No avatar")).toBeVisible();
  });
});
