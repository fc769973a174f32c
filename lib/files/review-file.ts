import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { db } from "@/db/client";
import { files } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { logFileAccess } from "./access-log";
import { sha256OfStream } from "./hash";
import { getFileOrThrow, type FileRow } from "./queries";
import type { VerifyFileInput } from "./schemas";
import { serializeFile, type SerializedFile } from "./serializers";
import { scanCommand } from "./scanner";
import { fileStorage } from "./storage";

async function storedHash(row: FileRow): Promise<string | null> {
  const object = await fileStorage().get(row.storedFilename);
  return object ? sha256OfStream(object.stream) : null;
}

/**
 * POST /api/files/{id}/verify/ (files:manage): release or reject a file. A release first re-hashes the stored bytes:
 * a missing or altered object is refused (409) and stays unreleased; a file the scanner found infected is never
 * released. Records the reviewer and the time, audits and logs either way.
 */
export async function reviewFile(principal: Principal, id: number, input: VerifyFileInput, meta: RequestMeta): Promise<{ detail: string; file: SerializedFile }> {
  const row = await getFileOrThrow(principal, id);
  const refuse = async (reason: string, detail: string) => {
    const metadata = { action: input.action, reason };
    await logFileAccess({ fileId: id, action: "verify", result: "failure", userId: principal.userId, meta, metadata });
    await audit({ action: "FILE_VERIFY", targetType: "FILE", targetId: id, result: "FAILURE", actorUserId: principal.userId, meta, metadata });
    throw new ApiError("conflict", detail, { extensions: { current_status: row.status } });
  };
  if (input.action === "release") {
    if (row.scanStatus === "infected") await refuse("infected", "The virus scanner found this file infected: it cannot be released.");
    if (row.scanStatus === "pending" && scanCommand()) await refuse("scan_pending", "The virus scan of this file has not finished yet: try again in a moment.");
    const actual = await storedHash(row);
    if (actual === null) await refuse("missing", "File verification failed: the stored file is missing.");
    else if (actual !== row.fileHash) await refuse("hash_mismatch", "File verification failed. Hash mismatch.");
  }

  const now = new Date();
  const released = input.action === "release";
  return db().transaction(async (tx) => {
    const [updated] = await tx
      .update(files)
      .set({
        status: released ? "released" : "rejected",
        verifiedAt: released ? now : null,
        reviewedBy: principal.userId,
        updatedAt: now,
        // released by a person without any scan: say so rather than leave "pending"
        ...(released && row.scanStatus === "pending" ? { scanStatus: "skipped" } : {}),
      })
      // the hash checked above and a verdict that cannot have turned infected since
      .where(and(eq(files.id, id), eq(files.fileHash, row.fileHash), ...(released ? [ne(files.scanStatus, "infected")] : [])))
      .returning();
    if (!updated) throw new ApiError("conflict", "The file changed while it was being reviewed (deleted, replaced or found infected). Reload it.");
    const metadata = { action: input.action, reason: input.reason, previous_status: row.status };
    await logFileAccess({ fileId: id, action: released ? "release" : "reject", result: "success", userId: principal.userId, meta, metadata }, tx);
    await audit({ action: "FILE_VERIFY", targetType: "FILE", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata }, tx);
    return { detail: released ? "File verified successfully." : "File rejected.", file: serializeFile(updated, principal) };
  });
}
