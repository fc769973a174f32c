import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { DEMO_PRODUCT_COUNT, DEMO_USERS, seedDemoData, seedReferenceData } from "@/db/seed";
import { permissions, products, rolePermissions, roles, userRoles, users } from "@/db/schema";
import { ROLE_DEFINITIONS } from "@/lib/auth/permissions";
import { verifyPassword } from "@/lib/auth/password";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();

async function fingerprint() {
  const [row] = await queryRows<{ users: number; products: number; roles: number; grants: number; digest: string }>(t.db, sql`
    select (select count(*)::int from users) as users,
           (select count(*)::int from products) as products,
           (select count(*)::int from roles) as roles,
           (select count(*)::int from role_permissions) as grants,
           (select md5(string_agg(sku || price || stock_quantity || is_active::text || seller_id, ',' order by sku)) from products) as digest`);
  return row;
}

describe("seed", () => {
  it("creates roles with their permissions, demo accounts and a catalogue of 1,000+ products", async () => {
    await seedDemoData(t.db, "Demo-Shop-2026!");
    const roleRows = await t.db.select().from(roles);
    expect(roleRows.map((r) => r.name).sort()).toEqual(["ADMIN", "CUSTOMER", "SELLER"]);
    for (const [name, def] of Object.entries(ROLE_DEFINITIONS)) {
      const granted = await t.db
        .select({ code: permissions.code })
        .from(rolePermissions)
        .innerJoin(roles, eq(roles.id, rolePermissions.roleId))
        .innerJoin(permissions, eq(permissions.id, rolePermissions.permissionId))
        .where(eq(roles.name, name));
      expect(granted.map((g) => g.code).sort()).toEqual([...def.permissions].sort());
    }
    const [count] = await t.db.select({ n: sql<number>`count(*)::int` }).from(products);
    expect(count!.n).toBeGreaterThanOrEqual(DEMO_PRODUCT_COUNT);
    const [stats] = await t.db
      .select({
        sellers: sql<number>`count(distinct seller_id)::int`,
        inactive: sql<number>`count(*) filter (where not is_active)::int`,
        outOfStock: sql<number>`count(*) filter (where stock_quantity = 0)::int`,
        featured: sql<number>`count(*) filter (where is_featured)::int`,
        minPrice: sql<string>`min(price)`,
        maxPrice: sql<string>`max(price)`,
      })
      .from(products);
    expect(stats!.sellers).toBe(4);
    expect(stats!.inactive).toBeGreaterThan(10);
    expect(stats!.outOfStock).toBeGreaterThan(10);
    expect(stats!.featured).toBeGreaterThan(8);
    expect(Number(stats!.maxPrice)).toBeGreaterThan(Number(stats!.minPrice) * 10);

    for (const demo of DEMO_USERS) {
      const [u] = await t.db.select().from(users).where(eq(users.email, demo.email));
      expect(u, demo.email).toBeDefined();
      expect(u!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verifyPassword(u!.passwordHash, "Demo-Shop-2026!")).toBe(true);
      const granted = await t.db
        .select({ name: roles.name })
        .from(userRoles)
        .innerJoin(roles, eq(roles.id, userRoles.roleId))
        .where(eq(userRoles.userId, u!.id));
      expect(granted.map((g) => g.name).sort()).toEqual([...demo.roles].sort());
    }
  });

  it("is idempotent: running it twice changes nothing, and leaves edited rows alone", async () => {
    await t.db.update(products).set({ stockQuantity: 4242 }).where(eq(products.sku, "DEMO-00001"));
    const before = await fingerprint();
    await seedReferenceData(t.db);
    const result = await seedDemoData(t.db, "another-password-entirely");
    expect(result).toEqual({ users: 0, products: 0 });
    expect(await fingerprint()).toEqual(before);
    const [admin] = await t.db.select().from(users).where(eq(users.email, "admin@example.com"));
    expect(await verifyPassword(admin!.passwordHash, "Demo-Shop-2026!")).toBe(true);
  });
});

describe("database constraints", () => {
  it("enforces price > 0, stock >= 0, SKU format and unique SKU", async () => {
    const seller = await createUser({ roles: ["SELLER"] });
    await expect(createProduct(seller.id, { price: "0.00" })).rejects.toThrow();
    await expect(createProduct(seller.id, { stockQuantity: -1 })).rejects.toThrow();
    await expect(createProduct(seller.id, { sku: "lower-case" })).rejects.toThrow();
    await createProduct(seller.id, { sku: "UNIQUE-1" });
    await expect(createProduct(seller.id, { sku: "UNIQUE-1" })).rejects.toThrow();
  });

  it("makes emails unique whatever their case and stores them lower-cased", async () => {
    await createUser({ email: "dup@test.example" });
    await expect(createUser({ email: "dup@test.example" })).rejects.toThrow();
    await expect(createUser({ email: "DUP@test.example" })).rejects.toThrow();
  });

  it("refuses an order whose total is not the sum of its parts", async () => {
    const customer = await createUser();
    await expect(
      t.db.execute(sql`insert into orders (order_number, customer_id, subtotal, tax_amount, shipping_cost, total_amount,
        shipping_address, shipping_city, shipping_postal_code, shipping_country)
        values ('ORD-X', ${customer.id}, 10, 1, 0, 5, 'a', 'b', 'c', 'd')`),
    ).rejects.toThrow();
    await expect(
      t.db.execute(sql`insert into orders (order_number, customer_id, subtotal, tax_amount, shipping_cost, total_amount,
        shipping_address, shipping_city, shipping_postal_code, shipping_country)
        values ('ORD-Y', ${customer.id}, 10, -1, 0, 9, 'a', 'b', 'c', 'd')`),
    ).rejects.toThrow();
  });
});
