import "server-only";
import { and, desc, eq, ne, or, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { files } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { ApiError, validationError } from "@/lib/http/problem";
import { MY_FILES_LIMIT, type FileListQuery } from "./schemas";

export type FileRow = typeof files.$inferSelect;

export const canManageFiles = (principal: Principal | null) => principal?.permissions.has("files:manage") ?? false;

const publicReleased = () => and(eq(files.isPublic, true), eq(files.status, "released"));

/** Which files a caller may see: admins all; signed-in users their own and public released ones; anonymous public released ones. */
export function fileVisibility(principal: Principal | null): SQL | undefined {
  if (canManageFiles(principal)) return undefined;
  if (!principal) return publicReleased();
  return or(eq(files.uploadedBy, principal.userId), publicReleased());
}

export async function listFiles(principal: Principal | null, query: FileListQuery): Promise<{ count: number; rows: FileRow[] }> {
  // filtering public files by uploader would reveal who uploaded them: only admins may
  if (query.uploaded_by !== undefined && !canManageFiles(principal)) {
    throw validationError({ uploaded_by: ["Only administrators may filter by uploader."] });
  }
  const where = and(
    fileVisibility(principal),
    query.file_type ? eq(files.fileType, query.file_type) : undefined,
    query.status ? eq(files.status, query.status) : undefined,
    query.is_verified === undefined ? undefined : query.is_verified ? eq(files.status, "released") : ne(files.status, "released"),
    query.is_quarantined === undefined ? undefined : query.is_quarantined ? eq(files.status, "quarantined") : ne(files.status, "quarantined"),
    query.uploaded_by !== undefined ? eq(files.uploadedBy, query.uploaded_by) : undefined,
  );
  const database = db();
  const [countRow] = await database.select({ count: sql<number>`count(*)::int` }).from(files).where(where);
  const count = countRow?.count ?? 0;
  const offset = (query.page - 1) * query.page_size;
  if (offset >= count) return { count, rows: [] };
  const rows = await database.select().from(files).where(where).orderBy(desc(files.createdAt), desc(files.id)).limit(query.page_size).offset(offset);
  return { count, rows };
}

/** One file the caller may see, or 404: someone else's private file does not exist for them. */
export async function getFileOrThrow(principal: Principal | null, id: number, database: DbOrTx = db(), forUpdate = false): Promise<FileRow> {
  const base = database.select().from(files).where(and(eq(files.id, id), fileVisibility(principal))).limit(1);
  const [row] = forUpdate ? await base.for("update") : await base;
  if (!row) throw new ApiError("not_found", "File not found.");
  return row;
}

/** The caller's own files, newest first, at most MY_FILES_LIMIT (the original's list was unbounded). */
export async function listMyFiles(principal: Principal): Promise<FileRow[]> {
  return db().select().from(files).where(eq(files.uploadedBy, principal.userId)).orderBy(desc(files.createdAt), desc(files.id)).limit(MY_FILES_LIMIT);
}
