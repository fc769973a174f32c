import { sql } from "drizzle-orm";
import { bigint, check, index, inet, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * API keys for integrations (lib/auth/api-keys/). The key itself is shown once; only its SHA-256 is stored (a key
 * carries 256 random bits, so a fast hash is enough). `prefix` is the public part of the key, unique, used to find
 * the row and to recognise a key in lists and logs. Scopes are permission codes, always a subset of the owner's
 * permissions at creation and intersected with them again on every use.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: varchar("name", { length: 100 }).notNull(),
    prefix: varchar("prefix", { length: 32 }).notNull(),
    keyHash: varchar("key_hash", { length: 64 }).notNull(),
    scopes: text("scopes").array().notNull(),
    expiresAt: ts("expires_at"),
    lastUsedAt: ts("last_used_at"),
    lastUsedIp: inet("last_used_ip"),
    useCount: bigint("use_count", { mode: "number" }).notNull().default(0),
    createdAt: ts("created_at").notNull().defaultNow(),
    revokedAt: ts("revoked_at"),
    revokedByUserId: bigint("revoked_by_user_id", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    revokedReason: varchar("revoked_reason", { length: 64 }),
  },
  (t) => [
    uniqueIndex("api_keys_prefix_key").on(t.prefix),
    index("api_keys_user_idx").on(t.userId, t.createdAt),
    check("api_keys_scopes_nonempty", sql`cardinality(${t.scopes}) > 0`),
  ],
);
