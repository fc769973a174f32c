import { eq, inArray } from "drizzle-orm";
import { ROLE_DEFINITIONS, PERMISSIONS } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "./client";
import { categories, permissions, products, rolePermissions, roles, userRoles, users } from "./schema";

export const DEMO_PASSWORD_DEFAULT = "Demo-Shop-2026!";
export const DEMO_PRODUCT_COUNT = 1200;

export const CATEGORIES = [
  ["Kitchen", "kitchen"],
  ["Outdoors", "outdoors"],
  ["Office", "office"],
  ["Home", "home"],
  ["Garden", "garden"],
  ["Travel", "travel"],
  ["Audio", "audio"],
  ["Fitness", "fitness"],
] as const;

export const DEMO_USERS = [
  { email: "admin@example.com", username: "admin", firstName: "Ada", lastName: "Admin", roles: ["ADMIN", "CUSTOMER"] },
  { email: "seller@example.com", username: "seller", firstName: "Sam", lastName: "Seller", roles: ["SELLER", "CUSTOMER"] },
  { email: "seller2@example.com", username: "seller2", firstName: "Noor", lastName: "Njoku", roles: ["SELLER", "CUSTOMER"] },
  { email: "seller3@example.com", username: "seller3", firstName: "Kai", lastName: "Kowalski", roles: ["SELLER", "CUSTOMER"] },
  { email: "seller4@example.com", username: "seller4", firstName: "Lena", lastName: "Lindqvist", roles: ["SELLER", "CUSTOMER"] },
  { email: "customer@example.com", username: "customer", firstName: "Chris", lastName: "Customer", roles: ["CUSTOMER"] },
] as const;

/** Roles, permissions and categories: safe to apply on every start, in every environment. */
export async function seedReferenceData(database: Db): Promise<void> {
  await database
    .insert(permissions)
    .values(Object.entries(PERMISSIONS).map(([code, description]) => ({ code, description })))
    .onConflictDoNothing();
  for (const [name, def] of Object.entries(ROLE_DEFINITIONS)) {
    await database
      .insert(roles)
      .values({ name, displayName: def.displayName, description: def.description })
      .onConflictDoNothing();
    const [role] = await database.select({ id: roles.id }).from(roles).where(eq(roles.name, name));
    const perms = await database
      .select({ id: permissions.id })
      .from(permissions)
      .where(inArray(permissions.code, def.permissions));
    await database
      .insert(rolePermissions)
      .values(perms.map((p) => ({ roleId: role!.id, permissionId: p.id })))
      .onConflictDoNothing();
  }
  await database
    .insert(categories)
    .values(CATEGORIES.map(([name, slug]) => ({ name, slug })))
    .onConflictDoNothing();
}

/** A small deterministic PRNG (mulberry32): the same catalogue on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADJECTIVES = ["Classic", "Compact", "Deluxe", "Eco", "Everyday", "Heavy-Duty", "Lightweight", "Modern", "Nordic", "Pro", "Rustic", "Smart", "Solid", "Travel", "Vintage", "Wireless"];
const MATERIALS = ["Bamboo", "Brass", "Canvas", "Ceramic", "Cotton", "Glass", "Leather", "Linen", "Oak", "Recycled", "Steel", "Walnut", "Wool"];
const NOUNS: Record<string, string[]> = {
  kitchen: ["Chef's Knife", "Cutting Board", "Dutch Oven", "French Press", "Mixing Bowl", "Pepper Mill", "Teapot"],
  outdoors: ["Camp Stove", "Headlamp", "Hammock", "Rain Jacket", "Tent", "Trekking Poles", "Water Bottle"],
  office: ["Desk Lamp", "Desk Organizer", "Monitor Stand", "Notebook", "Pen Set", "Laptop Sleeve", "Stapler"],
  home: ["Blanket", "Candle", "Cushion", "Mirror", "Rug", "Vase", "Wall Clock"],
  garden: ["Garden Hose", "Planter", "Pruning Shears", "Seed Tray", "Trowel", "Watering Can", "Wheelbarrow"],
  travel: ["Backpack", "Duffel Bag", "Neck Pillow", "Packing Cubes", "Passport Wallet", "Suitcase", "Toiletry Bag"],
  audio: ["Bluetooth Speaker", "Earbuds", "Headphones", "Microphone", "Radio", "Record Player", "Soundbar"],
  fitness: ["Dumbbell Set", "Foam Roller", "Jump Rope", "Kettlebell", "Resistance Bands", "Yoga Mat", "Gym Bag"],
};

/** Demo accounts and the demo catalogue. Idempotent: existing rows are left exactly as they are. */
export async function seedDemoData(database: Db, demoPassword: string): Promise<{ users: number; products: number }> {
  const passwordHash = await hashPassword(demoPassword);
  const roleRows = await database.select({ id: roles.id, name: roles.name }).from(roles);
  const roleId = new Map(roleRows.map((r) => [r.name, r.id]));
  let usersCreated = 0;
  for (const u of DEMO_USERS) {
    const inserted = await database
      .insert(users)
      .values({
        email: u.email,
        username: u.username,
        firstName: u.firstName,
        lastName: u.lastName,
        passwordHash,
        isVerified: true,
        emailVerifiedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!inserted[0]) continue;
    usersCreated++;
    await database
      .insert(userRoles)
      .values(u.roles.map((r) => ({ userId: inserted[0]!.id, roleId: roleId.get(r)! })))
      .onConflictDoNothing();
  }

  const sellerRows = await database
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, DEMO_USERS.filter((u) => u.roles.includes("SELLER" as never)).map((u) => u.email)))
    .orderBy(users.email);
  const categoryRows = await database.select().from(categories).orderBy(categories.id);
  const rand = prng(20261127);
  const base = Date.UTC(2026, 0, 1);
  const rows: (typeof products.$inferInsert)[] = [];
  for (let i = 1; i <= DEMO_PRODUCT_COUNT; i++) {
    const category = categoryRows[Math.floor(rand() * categoryRows.length)]!;
    const nouns = NOUNS[category.slug] ?? ["Item"];
    const name = `${ADJECTIVES[Math.floor(rand() * ADJECTIVES.length)]} ${MATERIALS[Math.floor(rand() * MATERIALS.length)]} ${nouns[Math.floor(rand() * nouns.length)]}`;
    const cents = 199 + Math.floor(rand() * rand() * 49_800);
    const stockRoll = rand();
    const stock = stockRoll < 0.08 ? 0 : stockRoll < 0.2 ? 1 + Math.floor(rand() * 5) : 5 + Math.floor(rand() * 200);
    const seller = sellerRows[i % sellerRows.length]!;
    const created = new Date(base + i * 3_600_000 + Math.floor(rand() * 3_000_000));
    rows.push({
      name,
      description: `${name} for ${category.name.toLowerCase()}: demo product ${i} of the seeded catalogue, sold by ${seller.email.split("@")[0]}.`,
      sku: `DEMO-${String(i).padStart(5, "0")}`,
      price: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`,
      stockQuantity: stock,
      lowStockThreshold: 5,
      isActive: rand() > 0.05,
      isFeatured: rand() < 0.03 || i % 97 === 0,
      sellerId: seller.id,
      categoryId: category.id,
      createdAt: created,
      updatedAt: created,
    });
  }
  let productsCreated = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const inserted = await database
      .insert(products)
      .values(rows.slice(i, i + 200))
      .onConflictDoNothing()
      .returning({ id: products.id });
    productsCreated += inserted.length;
  }
  return { users: usersCreated, products: productsCreated };
}

export async function hasAnyUser(database: Db): Promise<boolean> {
  const [row] = await database.select({ id: users.id }).from(users).limit(1);
  return Boolean(row);
}
