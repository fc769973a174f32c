import "server-only";
import { db, type DbOrTx } from "@/db/client";
import { fileAccessLog } from "@/db/schema";
import { errorFields, log } from "@/lib/log";
import type { RequestMeta } from "@/lib/security/request-meta";

export type FileAction = "upload" | "download" | "update" | "delete" | "verify" | "release" | "reject" | "scan";

export type FileAccessEntry = {
  fileId: number;
  action: FileAction;
  result: "success" | "failure" | "blocked";
  userId: number | null;
  meta: RequestMeta;
  metadata?: Record<string, unknown>;
};

/**
 * One row of the file access log. The table has no foreign key to files, so rows outlive the file they describe.
 * Like the audit log it never throws: a failed write is logged, the request goes on (the original crashed on a
 * forged X-Forwarded-For here; the IP now comes validated from requestMeta).
 */
export async function logFileAccess(entry: FileAccessEntry, database: DbOrTx = db()): Promise<void> {
  try {
    // a savepoint inside the caller's transaction: a failed insert must not abort the caller's change
    await database.transaction((tx) =>
      tx.insert(fileAccessLog).values({
        fileId: entry.fileId,
        action: entry.action,
        result: entry.result,
        userId: entry.userId,
        ip: entry.meta.ip,
        userAgent: entry.meta.userAgent,
        metadata: entry.metadata ?? {},
      }),
    );
  } catch (error) {
    log.error("file access log write failed", { file_id: entry.fileId, action: entry.action, ...errorFields(error) });
  }
}
