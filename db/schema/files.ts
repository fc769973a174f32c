import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, inet, integer, jsonb, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const files = pgTable(
  "files",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    originalFilename: varchar("original_filename", { length: 255 }).notNull(),
    /** Random name in the storage backend; never derived from user input. */
    storedFilename: varchar("stored_filename", { length: 255 }).notNull().unique(),
    fileType: varchar("file_type", { length: 32 }).notNull(),
    mimeType: varchar("mime_type", { length: 100 }).notNull(),
    fileSize: bigint("file_size", { mode: "number" }).notNull(),
    fileHash: varchar("file_hash", { length: 64 }).notNull(),
    width: integer("width"),
    height: integer("height"),
    /** quarantined → released | rejected. */
    status: varchar("status", { length: 16 }).notNull().default("quarantined"),
    scanStatus: varchar("scan_status", { length: 16 }).notNull().default("pending"),
    isPublic: boolean("is_public").notNull().default(false),
    description: varchar("description", { length: 1000 }).notNull().default(""),
    uploadedBy: bigint("uploaded_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    reviewedBy: bigint("reviewed_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    verifiedAt: ts("verified_at"),
  },
  (t) => [
    check("files_type", sql`${t.fileType} in ('image', 'product_image', 'avatar', 'document')`),
    check("files_status", sql`${t.status} in ('quarantined', 'released', 'rejected')`),
    check("files_scan_status", sql`${t.scanStatus} in ('pending', 'clean', 'infected', 'error', 'skipped')`),
    check("files_size_positive", sql`${t.fileSize} > 0`),
    index("files_hash_idx").on(t.fileHash),
    index("files_uploader_idx").on(t.uploadedBy, t.createdAt),
    index("files_status_idx").on(t.status, t.fileType),
  ],
);

/** Access log of files. No foreign key to `files` on purpose: the log outlives the file. */
export const fileAccessLog = pgTable(
  "file_access_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    fileId: bigint("file_id", { mode: "number" }).notNull(),
    action: varchar("action", { length: 16 }).notNull(),
    userId: bigint("user_id", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    ip: inet("ip"),
    userAgent: text("user_agent").notNull().default(""),
    result: varchar("result", { length: 16 }).notNull(),
    metadata: jsonb("metadata").notNull().default({}),
    occurredAt: ts("occurred_at").notNull().defaultNow(),
  },
  (t) => [
    check(
      "file_access_action",
      sql`${t.action} in ('upload', 'download', 'update', 'delete', 'verify', 'release', 'reject', 'scan')`,
    ),
    check("file_access_result", sql`${t.result} in ('success', 'failure', 'blocked')`),
    index("file_access_file_idx").on(t.fileId, t.occurredAt),
    index("file_access_user_idx").on(t.userId, t.occurredAt),
  ],
);
