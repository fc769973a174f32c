import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { files } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { logFileAccess } from "./access-log";
import { canManageFiles, getFileOrThrow, type FileRow } from "./queries";
import type { PatchFileInput } from "./schemas";
import { serializeFile, type SerializedFile } from "./serializers";

/** Owners (with files:upload) change their own files, admins any; a file the caller can see but not change is a 403. */
export function assertMayChange(principal: Principal, row: FileRow, verb: "update" | "delete"): void {
  if (canManageFiles(principal)) return;
  if (row.uploadedBy === principal.userId && principal.permissions.has("files:upload")) return;
  throw new ApiError("forbidden", `You can only ${verb} your own files.`);
}

/** PATCH/PUT: the description and the visibility only; everything else about a file is decided by the server. */
export async function updateFile(principal: Principal, id: number, input: PatchFileInput, meta: RequestMeta): Promise<SerializedFile> {
  return db().transaction(async (tx) => {
    const row = await getFileOrThrow(principal, id, tx, true);
    assertMayChange(principal, row, "update");
    const changes: Partial<Pick<FileRow, "description" | "isPublic">> = {};
    if (input.description !== undefined) changes.description = input.description;
    if (input.is_public !== undefined) changes.isPublic = input.is_public;
    const [updated] = await tx
      .update(files)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(files.id, id))
      .returning();
    const metadata = { changed: Object.keys(input).filter((k) => input[k as keyof PatchFileInput] !== undefined), is_public: updated!.isPublic };
    await logFileAccess({ fileId: id, action: "update", result: "success", userId: principal.userId, meta, metadata }, tx);
    await audit({ action: "FILE_UPDATE", targetType: "FILE", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata }, tx);
    return serializeFile(updated!, principal);
  });
}
