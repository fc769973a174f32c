import { eq, inArray } from "drizzle-orm";
import { db } from "@/db/client";
import { categories, products, roles, userRoles, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";

export const TEST_PASSWORD = "Correct-Horse-Battery-9";
let cachedHash: Promise<string> | undefined;
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createUser(options: { email?: string; roles?: string[]; isActive?: boolean } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const tag = unique();
  const [user] = await db()
    .insert(users)
    .values({
      email: options.email ?? `user-${tag}@test.example`,
      username: `user_${tag}`,
      passwordHash: await cachedHash,
      isActive: options.isActive ?? true,
      isVerified: true,
    })
    .returning();
  const roleNames = options.roles ?? ["CUSTOMER"];
  if (roleNames.length) {
    const roleRows = await db().select().from(roles).where(inArray(roles.name, roleNames));
    await db()
      .insert(userRoles)
      .values(roleRows.map((r) => ({ userId: user!.id, roleId: r.id })));
  }
  return user!;
}

export async function createProduct(
  sellerId: number,
  overrides: Partial<typeof products.$inferInsert> & { category?: string } = {},
) {
  const { category, ...rest } = overrides;
  let categoryId: number | undefined;
  if (category) {
    const [c] = await db().select().from(categories).where(eq(categories.slug, category));
    categoryId = c?.id;
  }
  const [product] = await db()
    .insert(products)
    .values({
      name: `Test product ${unique()}`,
      sku: `T-${unique().toUpperCase()}`,
      price: "10.00",
      stockQuantity: 10,
      sellerId,
      categoryId,
      ...rest,
    })
    .returning();
  return product!;
}
