import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as undoRoute } from "@/app/api/monitoring/ai-actions/[id]/undo/route";
import { POST as createOrder } from "@/app/api/orders/route";
import { GET as listProducts } from "@/app/api/products/route";
import { db } from "@/db/client";
import { agentActions, orders } from "@/db/schema";
import { resetReadOnlyCache } from "@/lib/monitoring/read-only-gate";
import { bearerFor } from "@/tests/helpers/auth";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { call, expectProblem } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

const SHIPPING = { shipping_address: "1 Test Street", shipping_city: "Springfield", shipping_postal_code: "12345", shipping_country: "US" };
let customerAuth: Record<string, string>;
let adminAuth: Record<string, string>;
let productId: number;

beforeAll(async () => {
  const seller = await createUser({ roles: ["SELLER"] });
  productId = (await createProduct(seller.id, { stockQuantity: 50 })).id;
  customerAuth = (await bearerFor(await createUser())).headers;
  adminAuth = (await bearerFor(await createUser({ roles: ["ADMIN", "CUSTOMER"] }))).headers;
});

beforeEach(() => resetReadOnlyCache());

const order = () => call(createOrder, { method: "POST", path: "/api/orders/", headers: customerAuth, body: { items: [{ product_id: productId, quantity: 1 }], ...SHIPPING } });

async function approvedReadOnly(expiresInMs: number): Promise<number> {
  const now = new Date();
  const [row] = await db()
    .insert(agentActions)
    .values({
      actionType: "read_only_mode",
      description: "Read-only mode",
      explanation: "Test: an admin approved read-only mode.",
      triggeredBy: "test",
      status: "completed",
      success: true,
      requiresApproval: true,
      executedAt: now,
      completedAt: now,
      expiresAt: new Date(now.getTime() + expiresInMs),
    })
    .returning({ id: agentActions.id });
  return row!.id;
}

describe("read-only mode (an approved agent action)", () => {
  it("refuses writes with 503 and Retry-After while reads are served; undo through the monitoring API lifts it", async () => {
    expect((await order()).status).toBe(201);
    const id = await approvedReadOnly(10 * 60_000);
    resetReadOnlyCache();
    const before = await db().select().from(orders);
    const refused = await order();
    expectProblem(refused, 503);
    expect(refused.body.detail).toMatch(/read-only mode/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(500);
    expect(await db().select().from(orders)).toHaveLength(before.length);
    expect((await call(listProducts, { path: "/api/products/" })).status).toBe(200);

    // the monitoring console stays writable, so the switch can be undone
    const undone = await call(undoRoute, { method: "POST", path: `/api/monitoring/ai-actions/${id}/undo/`, params: { id: String(id) }, headers: adminAuth });
    expect(undone.status, undone.text).toBe(200);
    resetReadOnlyCache();
    expect((await order()).status).toBe(201);
  });

  it("ends by itself when the approved period expires", async () => {
    const id = await approvedReadOnly(-1000);
    resetReadOnlyCache();
    expect((await order()).status).toBe(201);
    await db().delete(agentActions).where(eq(agentActions.id, id));
  });
});

describe("what read-only mode leaves writable", () => {
  it("signing in, the monitoring console and admins' user actions; not registration, profile or other account changes", async () => {
    const { READ_ONLY_EXEMPT } = await import("@/lib/monitoring/read-only-gate");
    for (const path of ["/api/auth/login/", "/api/auth/logout/", "/api/auth/token/", "/api/auth/token/refresh/", "/api/auth/webauthn/authenticate/start/", "/api/monitoring/ai-actions/3/undo/", "/api/auth/users/4/unlock/", "/api/internal/limiter-events/"]) {
      expect(READ_ONLY_EXEMPT.test(path), path).toBe(true);
    }
    for (const path of ["/api/auth/register/", "/api/auth/me/", "/api/auth/password/change/", "/api/auth/totp/setup/", "/api/auth/assign-roles/", "/api/auth/webauthn/register/start/", "/api/orders/", "/api/products/5/"]) {
      expect(READ_ONLY_EXEMPT.test(path), path).toBe(false);
    }
  });
});
