import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/reviews/route";
import { DELETE as deleteRoute, GET as detailRoute, PATCH as patchRoute, PUT as putRoute } from "@/app/api/reviews/[id]/route";
import { POST as approveRoute } from "@/app/api/reviews/[id]/approve/route";
import { POST as rejectRoute } from "@/app/api/reviews/[id]/reject/route";
import { DELETE as unvoteRoute, POST as voteRoute } from "@/app/api/reviews/[id]/mark_helpful/route";
import { db } from "@/db/client";
import { auditLog, orderItems, orders, reviews, reviewVotes, users, type OrderStatus } from "@/db/schema";
import { listProductReviews, productRatingSummary } from "@/lib/reviews/queries";
import { adminAndDeniedCallers, bearerFor, cookieFor } from "@/tests/helpers/auth";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { call, expectProblem, type CallResult } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

type Auth = Record<string, string>;
type Review = {
  id: number;
  customer: number;
  customer_name: string;
  customer_email?: string;
  product: number;
  product_name: string;
  product_sku: string;
  rating: number;
  title: string;
  comment: string;
  status: string;
  is_approved: boolean;
  rejection_reason?: string | null;
  moderated_at: string | null;
  is_verified_purchase: boolean;
  helpful_count: number;
  has_voted: boolean;
  created_at: string;
  updated_at: string;
  // problem fields, when the call fails
  errors?: Record<string, string[]>;
  detail?: string;
};
type Page = { count: number; next: string | null; previous: string | null; results: Review[]; errors?: Record<string, string[]> };
type Moderated = { detail: string; review: Review; errors?: Record<string, string[]>; current_status?: string };
type Vote = { detail: string; helpful_count: number; has_voted: boolean };
type Product = { id: number; sellerId: number; name: string; sku: string };

// Driver, SQL or stack text must never reach a client, whatever the error.
const LEAK = /(select |insert into|update "|delete from|violates|constraint|duplicate key|relation "|syntax error|pglite|drizzle|node-postgres|sqlstate|\.ts:\d+|\bat \w+ \()/i;

function problem(res: CallResult, status: number): void {
  expectProblem(res, status);
  expect(res.text).not.toMatch(LEAK);
}

/** A 400 problem whose `errors` names `field`. */
function badField(res: CallResult, field: string): void {
  problem(res, 400);
  expect(Object.keys((res.body.errors ?? {}) as object), res.text).toContain(field);
}

const at = (id: number | string, suffix = "") => ({ path: `/api/reviews/${id}/${suffix}`, params: { id: String(id) } });

const create = (auth: Auth, body: unknown) => call<Review>(createRoute, { method: "POST", path: "/api/reviews/", headers: auth, body });
const getOne = (auth: Auth, id: number | string) => call<Review>(detailRoute, { ...at(id), headers: auth });
const list = (auth: Auth, query = "") => call<Page>(listRoute, { path: `/api/reviews/${query}`, headers: auth });
const patch = (auth: Auth, id: number, body: unknown) => call<Review>(patchRoute, { method: "PATCH", ...at(id), headers: auth, body });
const put = (auth: Auth, id: number, body: unknown) => call<Review>(putRoute, { method: "PUT", ...at(id), headers: auth, body });
const remove = (auth: Auth, id: number) => call(deleteRoute, { method: "DELETE", ...at(id), headers: auth });
const approve = (auth: Auth, id: number | string, body?: unknown) => call<Moderated>(approveRoute, { method: "POST", ...at(id, "approve/"), headers: auth, body });
const reject = (auth: Auth, id: number | string, body: unknown) => call<Moderated>(rejectRoute, { method: "POST", ...at(id, "reject/"), headers: auth, body });
const vote = (auth: Auth, id: number, body?: unknown) => call<Vote>(voteRoute, { method: "POST", ...at(id, "mark_helpful/"), headers: auth, body });
const unvote = (auth: Auth, id: number) => call<Vote>(unvoteRoute, { method: "DELETE", ...at(id, "mark_helpful/"), headers: auth });

let seller: { id: number };
let sellerOnlyAuth: Auth;
let alice: { id: number; email: string };
let aliceAuth: Auth;
let bob: { id: number; email: string };
let bobAuth: Auth;
let carolAuth: Auth;
let admin: { id: number };
let adminAuth: Auth;
let denied: { label: string; headers: Auth }[];

async function product(overrides: { isActive?: boolean } = {}): Promise<Product> {
  return createProduct(seller.id, overrides);
}

const body = (productId: number, extra: Record<string, unknown> = {}) => ({ product: productId, rating: 4, title: "Solid and well made", comment: "Does what it says.", ...extra });

/** A review by `auth` on a fresh product, moved to `status` by the admin through the API. */
async function reviewIn(auth: Auth, status: "pending" | "approved" | "rejected", p?: Product): Promise<Review> {
  const res = await create(auth, body((p ?? (await product())).id));
  expect(res.status, res.text).toBe(201);
  if (status === "approved") expect((await approve(adminAuth, res.body.id)).status).toBe(200);
  if (status === "rejected") expect((await reject(adminAuth, res.body.id, { reason: "Please keep to the product." })).status).toBe(200);
  return res.body;
}

let orderSeq = 0;
/** An order of `p` for `customerId` in `status`, written straight to the database. */
async function orderOf(customerId: number, p: Product, status: OrderStatus) {
  const [o] = await db()
    .insert(orders)
    .values({
      orderNumber: `ORD-TEST-${Date.now()}-${orderSeq++}`,
      customerId,
      subtotal: "10.00",
      taxAmount: "1.00",
      shippingCost: "0.00",
      totalAmount: "11.00",
      status,
      shippingAddress: "1 Test Street",
      shippingCity: "Springfield",
      shippingPostalCode: "12345",
      shippingCountry: "US",
    })
    .returning({ id: orders.id });
  await db().insert(orderItems).values({ orderId: o!.id, productId: p.id, sellerId: p.sellerId, productName: p.name, productSku: p.sku, quantity: 1, unitPrice: "10.00", lineTotal: "10.00" });
  return o!.id;
}

async function auditRows(action: string, reviewId: number) {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetType, "REVIEW"), eq(auditLog.targetId, String(reviewId))));
}

async function reviewRow(id: number) {
  const [row] = await db().select().from(reviews).where(eq(reviews.id, id));
  return row;
}

async function voteRows(reviewId: number): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(reviewVotes).where(eq(reviewVotes.reviewId, reviewId));
  return row!.n;
}

beforeAll(async () => {
  seller = await createUser({ roles: ["SELLER"] });
  sellerOnlyAuth = (await bearerFor(seller)).headers; // SELLER alone holds no reviews:write
  alice = await createUser({ roles: ["CUSTOMER"] });
  await db().update(users).set({ firstName: "Alice", lastName: "liddell" }).where(eq(users.id, alice.id));
  aliceAuth = (await bearerFor(alice)).headers;
  bob = await createUser({ roles: ["CUSTOMER"] });
  bobAuth = (await bearerFor(bob)).headers;
  carolAuth = (await bearerFor(await createUser({ roles: ["CUSTOMER"] }))).headers;
  const callers = await adminAndDeniedCallers();
  admin = callers.admin;
  adminAuth = callers.adminAuth;
  denied = callers.denied;
});

describe("POST /api/reviews/", () => {
  it("creates a pending review for the caller and audits it", async () => {
    const p = await product();
    const res = await create(aliceAuth, body(p.id, { rating: 5 }));
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/reviews/${res.body.id}/`);
    expect(res.body).toMatchObject({
      customer: alice.id,
      customer_name: "Alice L.",
      customer_email: alice.email,
      product: p.id,
      product_name: p.name,
      product_sku: p.sku,
      rating: 5,
      title: "Solid and well made",
      comment: "Does what it says.",
      status: "pending",
      is_approved: false,
      rejection_reason: null,
      moderated_at: null,
      is_verified_purchase: false,
      helpful_count: 0,
      has_voted: false,
    });
    expect(Object.keys(res.body).sort()).toEqual(
      ["id", "customer", "customer_name", "customer_email", "product", "product_name", "product_sku", "rating", "title", "comment", "status", "is_approved", "rejection_reason", "moderated_at", "is_verified_purchase", "helpful_count", "has_voted", "created_at", "updated_at"].sort(),
    );
    const [row] = await auditRows("REVIEW_CREATE", res.body.id);
    expect(row).toMatchObject({ actorUserId: alice.id, result: "SUCCESS" });
    expect(row!.metadata).toMatchObject({ product_id: p.id, rating: 5 });
  });

  it("takes a missing comment as empty, and works for a cookie caller from the shop's origin", async () => {
    const p = await product();
    const res = await create((await cookieFor(bob)).headers, { product: p.id, rating: 3, title: "Fine" });
    expect(res.status, res.text).toBe(201);
    expect(res.body.comment).toBe("");
  });

  it("refuses anonymous callers (401), callers without reviews:write (403) and cross-site cookie posts (403)", async () => {
    const p = await product();
    problem(await create({}, body(p.id)), 401);
    problem(await create(sellerOnlyAuth, body(p.id)), 403);
    const cookie = (await cookieFor(alice)).headers;
    problem(await create({ ...cookie, origin: "https://evil.example" }, body(p.id)), 403);
    expect(await db().select().from(reviews).where(eq(reviews.productId, p.id))).toHaveLength(0);
  });

  it("refuses an attempt to set is_verified_purchase or any other server-owned field (400 naming it)", async () => {
    const p = await product();
    for (const [field, value] of [
      ["is_verified_purchase", true],
      ["is_approved", true],
      ["status", "approved"],
      ["helpful_count", 100],
      ["customer", bob.id],
      ["id", 1],
      ["rejection_reason", "x"],
    ] as const) {
      const res = await create(aliceAuth, body(p.id, { [field]: value }));
      badField(res, field);
    }
    const rows = await db().select().from(reviews).where(eq(reviews.productId, p.id));
    expect(rows).toHaveLength(0);
  });

  it("refuses a second review of the same product with 409 and a clear message", async () => {
    const p = await product();
    expect((await create(aliceAuth, body(p.id))).status).toBe(201);
    const again = await create(aliceAuth, body(p.id, { title: "Second thoughts" }));
    problem(again, 409);
    expect(again.body.detail).toBe("You have already reviewed this product. Edit your existing review instead.");
    // another customer may still review it
    expect((await create(bobAuth, body(p.id))).status).toBe(201);
  });

  it("refuses a seller's review of their own product (403)", async () => {
    const sellerShopper = await createUser({ roles: ["SELLER", "CUSTOMER"] });
    const own = await createProduct(sellerShopper.id);
    const res = await create((await bearerFor(sellerShopper)).headers, body(own.id));
    problem(res, 403);
    expect(res.body.detail).toBe("You cannot review your own product.");
  });

  it("gives exactly one review when the same customer posts in parallel (the rest 409, never 500)", async () => {
    const p = await product();
    const results = await Promise.all(Array.from({ length: 6 }, () => create(carolAuth, body(p.id))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) problem(r, 409);
    expect(await db().select().from(reviews).where(eq(reviews.productId, p.id))).toHaveLength(1);
  });

  it("refuses bad ratings: strings, fractions, out of range, missing", async () => {
    const p = await product();
    for (const rating of ["5", 4.5, 0, 6, -1, null, true]) badField(await create(aliceAuth, body(p.id, { rating })), "rating");
    badField(await create(aliceAuth, { product: p.id, title: "No rating" }), "rating");
  });

  it("refuses bad titles and comments with the field named", async () => {
    const p = await product();
    badField(await create(aliceAuth, body(p.id, { title: "" })), "title");
    badField(await create(aliceAuth, body(p.id, { title: "   \n\t " })), "title");
    badField(await create(aliceAuth, body(p.id, { title: "x".repeat(201) })), "title");
    badField(await create(aliceAuth, body(p.id, { title: 42 })), "title");
    badField(await create(aliceAuth, body(p.id, { comment: "y".repeat(5001) })), "comment");
    badField(await create(aliceAuth, body(p.id, { comment: ["a"] })), "comment");
    const ok = await create(aliceAuth, body(p.id, { title: "t".repeat(200), comment: "c".repeat(5000) }));
    expect(ok.status, ok.text).toBe(201);
  });

  it("refuses a missing, non-numeric, unknown or inactive product", async () => {
    const inactive = await product({ isActive: false });
    badField(await create(aliceAuth, { rating: 4, title: "No product" }), "product");
    badField(await create(aliceAuth, body(0)), "product");
    const stringId = await create(aliceAuth, { ...body(1), product: "1" });
    badField(stringId, "product");
    badField(await create(aliceAuth, body(999_999_999)), "product");
    const res = await create(aliceAuth, body(inactive.id));
    badField(res, "product");
    expect(res.body.detail).toBe("Cannot review inactive products.");
    expect(res.body.errors!.product).toEqual(["Cannot review inactive products."]);
  });

  it("refuses bodies that are not JSON objects", async () => {
    problem(await call(createRoute, { method: "POST", path: "/api/reviews/", headers: { ...aliceAuth, "content-type": "application/json" }, rawBody: "{not json" }), 400);
    problem(await call(createRoute, { method: "POST", path: "/api/reviews/", headers: { ...aliceAuth, "content-type": "text/plain" }, rawBody: "rating=5" }), 415);
    problem(await create(aliceAuth, [1, 2]), 400);
  });

  it("refuses HTML-looking input (XSS payloads) in title and comment, naming the field", async () => {
    const p = await product();
    const payloads = [
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "<svg/onload=alert(1)>",
      "nice</textarea><script>x</script>",
      "<!--x--><b>bold</b>",
      "<?php echo 1 ?>",
      "<iframe src=javascript:alert(1)>",
      "<\u0000script>alert(1)</script>",
    ];
    for (const payload of payloads) {
      badField(await create(aliceAuth, body(p.id, { title: payload })), "title");
      const res = await create(aliceAuth, body(p.id, { comment: `Great. ${payload}` }));
      badField(res, "comment");
      expect(res.body.errors!.comment).toEqual(["comment must be plain text: HTML is not allowed"]);
    }
    expect(await db().select().from(reviews).where(eq(reviews.productId, p.id))).toHaveLength(0);
  });

  it("keeps ordinary text with < and >, strips control characters and keeps newlines in comments", async () => {
    const p = await product();
    const res = await create(aliceAuth, body(p.id, { title: "I <3 it\u0007\u0000\nreally", comment: "Line 1\r\nLine 2\u001b[31m\n\tsize < 10 and > 2" }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.title).toBe("I <3 it really");
    expect(res.body.comment).toBe("Line 1\nLine 2[31m\n\tsize < 10 and > 2");
  });
});

describe("is_verified_purchase is computed from DELIVERED orders", () => {
  it("is false without an order and with PENDING, CONFIRMED, SHIPPED or CANCELLED orders", async () => {
    const buyer = await createUser();
    const auth = (await bearerFor(buyer)).headers;
    const p = await product();
    const res = await create(auth, body(p.id));
    expect(res.body.is_verified_purchase).toBe(false);
    for (const status of ["PENDING", "CONFIRMED", "SHIPPED", "CANCELLED"] as const) {
      await orderOf(buyer.id, p, status);
      expect((await getOne(auth, res.body.id)).body.is_verified_purchase, status).toBe(false);
    }
  });

  it("is true with a DELIVERED order of that product, from creation on and for every reader", async () => {
    const buyer = await createUser();
    const auth = (await bearerFor(buyer)).headers;
    const p = await product();
    await orderOf(buyer.id, p, "DELIVERED");
    const res = await create(auth, body(p.id));
    expect(res.body.is_verified_purchase).toBe(true);
    await approve(adminAuth, res.body.id);
    expect((await getOne({}, res.body.id)).body.is_verified_purchase).toBe(true);
    const [created] = await auditRows("REVIEW_CREATE", res.body.id);
    expect(created!.metadata).toMatchObject({ is_verified_purchase: true });
  });

  it("does not count someone else's delivery or a delivery of another product", async () => {
    const buyer = await createUser();
    const auth = (await bearerFor(buyer)).headers;
    const p = await product();
    await orderOf(bob.id, p, "DELIVERED");
    await orderOf(buyer.id, await product(), "DELIVERED");
    expect((await create(auth, body(p.id))).body.is_verified_purchase).toBe(false);
  });

  it("clears when the delivered order is refunded", async () => {
    const buyer = await createUser();
    const auth = (await bearerFor(buyer)).headers;
    const p = await product();
    const orderId = await orderOf(buyer.id, p, "DELIVERED");
    const res = await create(auth, body(p.id));
    expect(res.body.is_verified_purchase).toBe(true);
    await db().update(orders).set({ status: "REFUNDED", refundedAt: new Date() }).where(eq(orders.id, orderId));
    expect((await getOne(auth, res.body.id)).body.is_verified_purchase).toBe(false);
  });

  it("cannot be set through an update either", async () => {
    const r = await reviewIn(bobAuth, "approved");
    badField(await patch(bobAuth, r.id, { is_verified_purchase: true }), "is_verified_purchase");
    badField(await put(bobAuth, r.id, { rating: 5, title: "x", is_verified_purchase: true }), "is_verified_purchase");
    expect((await getOne(bobAuth, r.id)).body).toMatchObject({ is_verified_purchase: false, status: "approved" });
  });
});

describe("visibility (GET list and detail)", () => {
  let p: Product;
  let alicePending: Review;
  let aliceApproved: Review;
  let bobRejected: Review;
  let bobApproved: Review;
  const ids = (page: Page) => page.results.map((r) => r.id).sort((a, b) => a - b);
  const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);

  beforeAll(async () => {
    p = await product();
    const p2 = await product();
    alicePending = await reviewIn(aliceAuth, "pending", p);
    aliceApproved = await reviewIn(aliceAuth, "approved", p2);
    bobRejected = await reviewIn(bobAuth, "rejected", p2);
    bobApproved = await reviewIn(bobAuth, "approved", p);
    await db().update(reviews).set({ rating: 2 }).where(eq(reviews.id, bobApproved.id));
  });

  /** The ids `auth` can list among this block's two products (other blocks' reviews are left out). */
  async function visibleIds(auth: Auth): Promise<number[]> {
    const productIds = [...new Set([alicePending, aliceApproved, bobRejected, bobApproved].map((r) => r.product))];
    const out: number[] = [];
    for (const pid of productIds) out.push(...ids((await list(auth, `?product=${pid}&page_size=100`)).body));
    return sorted(...out);
  }

  it("anonymous callers see approved reviews only, without e-mail or rejection reason", async () => {
    expect(await visibleIds({})).toEqual(sorted(aliceApproved.id, bobApproved.id));
    const res = await list({}, `?product=${p.id}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(bob.email);
    expect(res.text).not.toContain(alice.email);
    for (const r of res.body.results) {
      expect(r).not.toHaveProperty("customer_email");
      expect(r).not.toHaveProperty("rejection_reason");
    }
    problem(await getOne({}, alicePending.id), 404);
    problem(await getOne({}, bobRejected.id), 404);
    const one = await getOne({}, bobApproved.id);
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty("customer_email");
  });

  it("a signed-in author sees approved reviews plus their own in any state", async () => {
    expect(await visibleIds(aliceAuth)).toEqual(sorted(alicePending.id, aliceApproved.id, bobApproved.id));
    expect(await visibleIds(bobAuth)).toEqual(sorted(aliceApproved.id, bobRejected.id, bobApproved.id));
    const own = await getOne(bobAuth, bobRejected.id);
    expect(own.body).toMatchObject({ status: "rejected", rejection_reason: "Please keep to the product.", customer_email: bob.email });
    const others = await getOne(aliceAuth, bobApproved.id);
    expect(others.body).not.toHaveProperty("customer_email");
    expect(others.body).not.toHaveProperty("rejection_reason");
  });

  it("another customer gets 404 for someone else's pending or rejected review", async () => {
    problem(await getOne(bobAuth, alicePending.id), 404);
    problem(await getOne(aliceAuth, bobRejected.id), 404);
    problem(await getOne(carolAuth, alicePending.id), 404);
  });

  it("moderators see everything, with e-mails and reasons", async () => {
    expect(await visibleIds(adminAuth)).toEqual(sorted(alicePending.id, aliceApproved.id, bobRejected.id, bobApproved.id));
    const res = await getOne(adminAuth, bobRejected.id);
    expect(res.body).toMatchObject({ customer_email: bob.email, rejection_reason: "Please keep to the product." });
  });

  it("filters by product, customer, rating, is_approved and status within what the caller may see", async () => {
    const byCustomer = await list({}, `?customer=${bob.id}&product=${p.id}`);
    expect(ids(byCustomer.body)).toEqual([bobApproved.id]);
    expect(ids((await list({}, `?product=${p.id}&rating=2`)).body)).toEqual([bobApproved.id]);
    expect(ids((await list({}, `?product=${p.id}&rating=4`)).body)).toEqual([]);
    expect((await list({}, `?product=${p.id}&is_approved=false`)).body.count).toBe(0);
    expect(ids((await list(aliceAuth, `?product=${p.id}&is_approved=false`)).body)).toEqual([alicePending.id]);
    expect(ids((await list(aliceAuth, `?product=${p.id}&is_approved=true`)).body)).toEqual([bobApproved.id]);
    expect(ids((await list(bobAuth, `?customer=${bob.id}&status=rejected`)).body)).toEqual([bobRejected.id]);
    expect((await list(aliceAuth, `?customer=${bob.id}&status=rejected`)).body.count).toBe(0);
    expect((await list({}, "?status=pending")).body.count).toBe(0);
    const adminPending = await list(adminAuth, "?status=pending&page_size=100");
    expect(adminPending.body.results.every((r) => r.status === "pending")).toBe(true);
    expect(adminPending.body.results.map((r) => r.id)).toContain(alicePending.id);
  });

  it("orders by -created_at by default, and by rating or helpful_count on request", async () => {
    const dflt = await list(adminAuth, "?page_size=100");
    const times = dflt.body.results.map((r) => r.created_at);
    expect(times).toEqual([...times].sort().reverse());
    const byRating = await list(adminAuth, "?ordering=rating&page_size=100");
    const ratings = byRating.body.results.map((r) => r.rating);
    expect(ratings).toEqual([...ratings].sort((a, b) => a - b));
    const byHelpful = await list(adminAuth, "?ordering=-helpful_count,created_at&page_size=100");
    const counts = byHelpful.body.results.map((r) => r.helpful_count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it("pages like DRF and refuses bad query parameters with 400 naming them", async () => {
    const res = await list(adminAuth, "?page_size=1&page=2");
    expect(res.body.results).toHaveLength(1);
    expect(res.body.previous).toBe("http://localhost:3000/api/reviews/?page_size=1");
    problem(await list({}, "?page=9999"), 404);
    for (const [query, field] of [
      ["?ordering=title", "ordering"],
      ["?rating=6", "rating"],
      ["?rating=x", "rating"],
      ["?product=abc", "product"],
      ["?customer=-1", "customer"],
      ["?is_approved=maybe", "is_approved"],
      ["?status=published", "status"],
      ["?page_size=101", "page_size"],
      ["?customer_email=x", "customer_email"],
    ] as const) {
      badField(await list({}, query), field);
    }
  });

  it("answers bad ids with 400 and unknown ids with 404", async () => {
    badField(await getOne({}, "abc"), "id");
    problem(await getOne(adminAuth, 999_999_999), 404);
  });
});

describe("PUT/PATCH /api/reviews/{id}/", () => {
  it("an edit of an approved review sends it back to pending and clears moderation, audited", async () => {
    const r = await reviewIn(aliceAuth, "approved");
    expect((await reviewRow(r.id))!.moderatedBy).toBe(admin.id);
    const res = await patch(aliceAuth, r.id, { title: "Changed my mind" });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ title: "Changed my mind", status: "pending", is_approved: false, moderated_at: null, rejection_reason: null });
    const row = await reviewRow(r.id);
    expect(row).toMatchObject({ status: "pending", moderatedBy: null, moderatedAt: null, rejectionReason: null });
    problem(await getOne({}, r.id), 404); // no longer public
    const [a] = await auditRows("REVIEW_UPDATE", r.id);
    expect(a!.metadata).toMatchObject({ fields: ["title"], previous_status: "approved", status: "pending" });
  });

  it("a rating change or a comment change counts too; a rejected review goes back to pending without its reason", async () => {
    const approved = await reviewIn(aliceAuth, "approved");
    expect((await patch(aliceAuth, approved.id, { rating: 1 })).body).toMatchObject({ rating: 1, status: "pending" });
    const rejected = await reviewIn(aliceAuth, "rejected");
    const res = await patch(aliceAuth, rejected.id, { comment: "Rewritten politely." });
    expect(res.body).toMatchObject({ comment: "Rewritten politely.", status: "pending", rejection_reason: null });
  });

  it("sending the same values changes nothing and keeps the approval", async () => {
    const r = await reviewIn(aliceAuth, "approved");
    const res = await patch(aliceAuth, r.id, { title: r.title, rating: r.rating });
    expect(res.body.status).toBe("approved");
    expect(await auditRows("REVIEW_UPDATE", r.id)).toHaveLength(0);
  });

  it("PUT needs rating and title; comment is kept when left out", async () => {
    const r = await reviewIn(aliceAuth, "pending");
    badField(await put(aliceAuth, r.id, { title: "Only a title" }), "rating");
    badField(await put(aliceAuth, r.id, { rating: 2 }), "title");
    const res = await put(aliceAuth, r.id, { rating: 2, title: "Replaced" });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ rating: 2, title: "Replaced", comment: r.comment, status: "pending" });
  });

  it("refuses server-owned fields, a move to another product, an empty body and bad values", async () => {
    const r = await reviewIn(aliceAuth, "pending");
    for (const field of ["is_approved", "status", "helpful_count", "customer", "product"]) {
      badField(await patch(aliceAuth, r.id, { [field]: field === "status" ? "approved" : 1 }), field);
    }
    problem(await patch(aliceAuth, r.id, {}), 400);
    badField(await patch(aliceAuth, r.id, { rating: 6 }), "rating");
    badField(await patch(aliceAuth, r.id, { rating: "5" }), "rating");
    badField(await patch(aliceAuth, r.id, { title: "" }), "title");
    badField(await patch(aliceAuth, r.id, { title: "<script>alert(1)</script>" }), "title");
    badField(await patch(aliceAuth, r.id, { comment: "<img src=x onerror=alert(1)>" }), "comment");
    expect((await reviewRow(r.id))!.title).toBe(r.title);
  });

  it("who may: anonymous 401, another customer 404 (unpublished) or 403 (published), an admin who is not the author 403", async () => {
    const pending = await reviewIn(aliceAuth, "pending");
    const approved = await reviewIn(aliceAuth, "approved");
    problem(await patch({}, approved.id, { title: "x" }), 401);
    problem(await patch(bobAuth, pending.id, { title: "x" }), 404);
    problem(await put(bobAuth, pending.id, { rating: 1, title: "x" }), 404);
    const forbidden = await patch(bobAuth, approved.id, { title: "x" });
    problem(forbidden, 403);
    expect(forbidden.body.detail).toBe("You can only update your own reviews.");
    problem(await patch(adminAuth, approved.id, { title: "Admin rewrite" }), 403);
    problem(await patch(adminAuth, pending.id, { title: "Admin rewrite" }), 403);
    problem(await patch(sellerOnlyAuth, approved.id, { title: "x" }), 403);
    expect((await reviewRow(approved.id))!).toMatchObject({ title: approved.title, status: "approved" });
  });
});

describe("DELETE /api/reviews/{id}/", () => {
  it("the author deletes their review (204), votes go with it, audited", async () => {
    const r = await reviewIn(aliceAuth, "approved");
    expect((await vote(bobAuth, r.id)).status).toBe(200);
    const res = await remove(aliceAuth, r.id);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(await reviewRow(r.id)).toBeUndefined();
    expect(await voteRows(r.id)).toBe(0);
    problem(await getOne(aliceAuth, r.id), 404);
    const [a] = await auditRows("REVIEW_DELETE", r.id);
    expect(a).toMatchObject({ actorUserId: alice.id });
    expect(a!.metadata).toMatchObject({ by: "author", status: "approved" });
  });

  it("a moderator may delete any review", async () => {
    const r = await reviewIn(bobAuth, "pending");
    expect((await remove(adminAuth, r.id)).status).toBe(204);
    const [a] = await auditRows("REVIEW_DELETE", r.id);
    expect(a!.metadata).toMatchObject({ by: "moderator", customer_id: bob.id });
  });

  it("anonymous 401, another customer 404 (unpublished) or 403 (published); nothing is deleted", async () => {
    const pending = await reviewIn(aliceAuth, "pending");
    const approved = await reviewIn(aliceAuth, "approved");
    problem(await remove({}, approved.id), 401);
    problem(await remove(bobAuth, pending.id), 404);
    const res = await remove(bobAuth, approved.id);
    problem(res, 403);
    expect(res.body.detail).toBe("You can only delete your own reviews.");
    problem(await remove(adminAuth, 999_999_999), 404);
    expect(await reviewRow(pending.id)).toBeDefined();
    expect(await reviewRow(approved.id)).toBeDefined();
  });
});

describe("POST /api/reviews/{id}/approve/ and /reject/", () => {
  it("approves a pending review, recording who and when, audited", async () => {
    const r = await reviewIn(aliceAuth, "pending");
    const res = await approve(adminAuth, r.id);
    expect(res.status, res.text).toBe(200);
    expect(res.body.detail).toBe("Review approved successfully.");
    expect(res.body.review).toMatchObject({ id: r.id, status: "approved", is_approved: true, rejection_reason: null });
    expect(res.body.review.moderated_at).not.toBeNull();
    expect((await reviewRow(r.id))!.moderatedBy).toBe(admin.id);
    expect((await getOne({}, r.id)).status).toBe(200);
    const [a] = await auditRows("REVIEW_APPROVE", r.id);
    expect(a).toMatchObject({ actorUserId: admin.id, result: "SUCCESS" });
    expect(a!.metadata).toMatchObject({ from: "pending", to: "approved" });
  });

  it("refuses a moderator's decision on their own review (four eyes), leaving it pending", async () => {
    const own = await reviewIn(adminAuth, "pending");
    const res = await approve(adminAuth, own.id);
    expectProblem(res, 403);
    expect(res.body.detail).toBe("You cannot moderate your own review.");
    expect((await reviewRow(own.id))!.status).toBe("pending");
  });

  it("rejects with a reason the author sees, and takes down an approved review", async () => {
    const pending = await reviewIn(aliceAuth, "pending");
    const res = await reject(adminAuth, pending.id, { reason: "Contains a phone number." });
    expect(res.status, res.text).toBe(200);
    expect(res.body.review).toMatchObject({ status: "rejected", rejection_reason: "Contains a phone number." });
    expect((await getOne(aliceAuth, pending.id)).body.rejection_reason).toBe("Contains a phone number.");
    const [a] = await auditRows("REVIEW_REJECT", pending.id);
    expect(a!.metadata).toMatchObject({ from: "pending", to: "rejected", reason: "Contains a phone number." });

    const approved = await reviewIn(aliceAuth, "approved");
    const down = await reject(adminAuth, approved.id, { reason: "Taken down after a complaint." });
    expect(down.body.review.status).toBe("rejected");
    problem(await getOne({}, approved.id), 404);
  });

  it("re-approves a rejected review and clears the reason", async () => {
    const r = await reviewIn(aliceAuth, "rejected");
    const res = await approve(adminAuth, r.id, {});
    expect(res.body.review).toMatchObject({ status: "approved", rejection_reason: null });
    expect((await reviewRow(r.id))!.rejectionReason).toBeNull();
  });

  it("refuses a move to the state the review is already in (409)", async () => {
    const approved = await reviewIn(aliceAuth, "approved");
    const twice = await approve(adminAuth, approved.id);
    problem(twice, 409);
    expect(twice.body.current_status).toBe("approved");
    const rejected = await reviewIn(aliceAuth, "rejected");
    problem(await reject(adminAuth, rejected.id, { reason: "Again" }), 409);
  });

  it("refuses non-moderators (403) and anonymous callers (401); the review is unchanged", async () => {
    const r = await reviewIn(aliceAuth, "pending");
    for (const d of denied) {
      problem(await approve(d.headers, r.id), 403);
      problem(await reject(d.headers, r.id, { reason: "no" }), 403);
    }
    problem(await approve(aliceAuth, r.id), 403); // not even the author
    problem(await approve({}, r.id), 401);
    problem(await reject({}, r.id, { reason: "no" }), 401);
    expect((await reviewRow(r.id))!.status).toBe("pending");
  });

  it("refuses a missing, empty, too long or HTML reason and unknown fields, naming the field", async () => {
    const r = await reviewIn(aliceAuth, "pending");
    badField(await reject(adminAuth, r.id, {}), "reason");
    badField(await reject(adminAuth, r.id, { reason: "  " }), "reason");
    badField(await reject(adminAuth, r.id, { reason: "r".repeat(501) }), "reason");
    badField(await reject(adminAuth, r.id, { reason: "<a href=x>see rules</a>" }), "reason");
    badField(await reject(adminAuth, r.id, { reason: "ok", status: "rejected" }), "status");
    badField(await approve(adminAuth, r.id, { status: "approved" }), "status");
    expect((await reject(adminAuth, r.id, { reason: "r".repeat(500) })).status).toBe(200);
  });

  it("answers 404 for an unknown review and 400 for a bad id", async () => {
    problem(await approve(adminAuth, 999_999_999), 404);
    badField(await approve(adminAuth, "1; drop table reviews"), "id");
  });
});

describe("POST/DELETE /api/reviews/{id}/mark_helpful/", () => {
  it("counts one vote per user, refuses a second, and shows has_voted to the voter only", async () => {
    const r = await reviewIn(aliceAuth, "approved");
    const first = await vote(bobAuth, r.id);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ detail: "Review marked as helpful.", helpful_count: 1, has_voted: true });
    const second = await vote(bobAuth, r.id);
    problem(second, 409);
    expect(second.body.detail).toBe("You already marked this review as helpful.");
    expect((await getOne(bobAuth, r.id)).body).toMatchObject({ helpful_count: 1, has_voted: true });
    expect((await getOne(carolAuth, r.id)).body).toMatchObject({ helpful_count: 1, has_voted: false });
    expect((await getOne({}, r.id)).body.has_voted).toBe(false);
    expect(await voteRows(r.id)).toBe(1);
    expect(await auditRows("REVIEW_VOTE", r.id)).toHaveLength(1);
  });

  it("DELETE takes the vote back (404 when there is none); the count follows the vote rows", async () => {
    const r = await reviewIn(aliceAuth, "approved");
    await vote(bobAuth, r.id);
    await vote(carolAuth, r.id);
    const res = await unvote(bobAuth, r.id);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ detail: "Helpful vote removed.", helpful_count: 1, has_voted: false });
    problem(await unvote(bobAuth, r.id), 404);
    expect((await reviewRow(r.id))!.helpfulCount).toBe(await voteRows(r.id));
    expect((await vote(bobAuth, r.id)).body.helpful_count).toBe(2); // may vote again after taking it back
    expect((await reviewRow(r.id))!.helpfulCount).toBe(await voteRows(r.id));
    expect(await auditRows("REVIEW_UNVOTE", r.id)).toHaveLength(1);
  });

  it("10 parallel votes by the same user give exactly one vote and a count of 1", async () => {
    const r = await reviewIn(aliceAuth, "approved");
    const results = await Promise.all(Array.from({ length: 10 }, () => vote(bobAuth, r.id)));
    expect(results.map((x) => x.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    expect(await voteRows(r.id)).toBe(1);
    expect((await reviewRow(r.id))!.helpfulCount).toBe(1);
  });

  it("parallel votes by different users all count", async () => {
    const r = await reviewIn(aliceAuth, "approved");
    const voters = await Promise.all(Array.from({ length: 5 }, async () => (await bearerFor(await createUser())).headers));
    const results = await Promise.all(voters.map((v) => vote(v, r.id)));
    expect(results.every((x) => x.status === 200)).toBe(true);
    expect((await reviewRow(r.id))!.helpfulCount).toBe(5);
    expect(await voteRows(r.id)).toBe(5);
  });

  it("refuses a vote on one's own review (403)", async () => {
    const r = await reviewIn(aliceAuth, "approved");
    const res = await vote(aliceAuth, r.id);
    problem(res, 403);
    expect(res.body.detail).toBe("You cannot vote on your own review.");
    expect(await voteRows(r.id)).toBe(0);
  });

  it("refuses anonymous callers (401), callers without reviews:write (403), unseen reviews (404), unpublished ones (409)", async () => {
    const approved = await reviewIn(aliceAuth, "approved");
    const pending = await reviewIn(aliceAuth, "pending");
    problem(await vote({}, approved.id), 401);
    problem(await unvote({}, approved.id), 401);
    problem(await vote(sellerOnlyAuth, approved.id), 403);
    problem(await vote(bobAuth, pending.id), 404);
    problem(await unvote(bobAuth, pending.id), 404);
    problem(await vote(adminAuth, pending.id), 409); // a moderator can see it, but it is not published
    problem(await vote(bobAuth, 999_999_999), 404);
    badField(await vote(bobAuth, approved.id, { helpful_count: 100 }), "helpful_count");
    expect(await voteRows(approved.id)).toBe(0);
    expect(await voteRows(pending.id)).toBe(0);
  });
});

describe("product page helpers", () => {
  it("productRatingSummary averages approved reviews only, to one decimal", async () => {
    const p = await product();
    expect(await productRatingSummary(p.id)).toEqual({ average_rating: null, review_count: 0 });
    const raters = await Promise.all([5, 4, 4, 1, 2].map(async (rating) => ({ rating, auth: (await bearerFor(await createUser())).headers })));
    const created: Review[] = [];
    for (const { rating, auth } of raters) created.push((await create(auth, body(p.id, { rating }))).body);
    for (const r of created.slice(0, 3)) await approve(adminAuth, r.id); // 5, 4, 4 approved
    await reject(adminAuth, created[3]!.id, { reason: "Spam" }); // 1 rejected, 2 pending
    expect(await productRatingSummary(p.id)).toEqual({ average_rating: "4.3", review_count: 3 });
  });

  it("listProductReviews shows approved reviews plus the viewer's own first", async () => {
    const p = await product();
    const bobs = await reviewIn(bobAuth, "approved", p);
    const carols = await reviewIn(carolAuth, "pending", p);
    const alices = await reviewIn(aliceAuth, "pending", p);
    const forAlice = await listProductReviews({ userId: alice.id, moderator: false }, p.id);
    expect(forAlice.rows.map((r) => r.id)).toEqual([alices.id, bobs.id]);
    expect(forAlice.count).toBe(2);
    const anon = await listProductReviews({ userId: null, moderator: false }, p.id);
    expect(anon.rows.map((r) => r.id)).toEqual([bobs.id]);
    const forAdmin = await listProductReviews({ userId: admin.id, moderator: true }, p.id);
    expect(forAdmin.rows.map((r) => r.id)).not.toContain(carols.id);
  });
});
