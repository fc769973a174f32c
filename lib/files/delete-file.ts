import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { files } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { errorFields, log } from "@/lib/log";
import type { RequestMeta } from "@/lib/security/request-meta";
import { logFileAccess } from "./access-log";
import { getFileOrThrow } from "./queries";
import { fileStorage } from "./storage";
import { assertMayChange } from "./update-file";

/**
 * Deletes the row (audited, logged; the access log keeps its rows: it has no foreign key), then the stored object once
 * the deletion has committed, so a rollback never leaves a row without its bytes.
 */
export async function deleteFile(principal: Principal, id: number, meta: RequestMeta): Promise<void> {
  const key = await db().transaction(async (tx) => {
    const row = await getFileOrThrow(principal, id, tx, true);
    assertMayChange(principal, row, "delete");
    await tx.delete(files).where(eq(files.id, id));
    const metadata = { filename: row.originalFilename, file_type: row.fileType, file_hash: row.fileHash, owner: row.uploadedBy };
    await logFileAccess({ fileId: id, action: "delete", result: "success", userId: principal.userId, meta, metadata }, tx);
    await audit({ action: "FILE_DELETE", targetType: "FILE", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata }, tx);
    return row.storedFilename;
  });
  await fileStorage()
    .delete(key)
    .catch((error: unknown) => log.error("stored file could not be removed", { file_id: id, ...errorFields(error) }));
}
