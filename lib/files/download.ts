import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { files } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { logFileAccess } from "./access-log";
import { contentDisposition } from "./content-disposition";
import { canManageFiles, type FileRow } from "./queries";
import { fileStorage } from "./storage";

type Refusal = { reason: string; error: ApiError };

const notFound = () => new ApiError("not_found", "File not found.");

/** Owner, admin, or anyone for a public released file. Others get 404: the file does not exist for them. */
function refusal(principal: Principal | null, row: FileRow | undefined): Refusal | null {
  if (!row) return { reason: "not_found", error: notFound() };
  const admin = canManageFiles(principal);
  const owner = principal !== null && row.uploadedBy === principal.userId;
  if (!admin && !owner && !(row.isPublic && row.status === "released")) return { reason: "access_denied", error: notFound() };
  // a rejected file is kept for review only: its owner sees the record but no longer gets the bytes
  if (row.status === "rejected" && !admin) return { reason: "rejected", error: new ApiError("forbidden", "This file was rejected and cannot be downloaded.") };
  return null;
}

function downloadHeaders(row: FileRow, size: number, forceAttachment: boolean): Headers {
  const releasedImage = row.status === "released" && row.mimeType.startsWith("image/");
  const inline = releasedImage && !forceAttachment;
  const headers = new Headers({
    "content-type": row.mimeType.startsWith("text/") ? `${row.mimeType}; charset=utf-8` : row.mimeType,
    "content-length": String(size),
    "content-disposition": contentDisposition(row.originalFilename, inline ? "inline" : "attachment"),
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "cache-control": releasedImage && row.isPublic ? "public, max-age=300" : "private, no-store",
  });
  return headers;
}

/**
 * GET /api/files/{id}/download/: access check, then the stored bytes streamed with headers that stop a browser from
 * running them (attachment except released images, nosniff, a sandboxing CSP). Every attempt, allowed or refused,
 * goes to the audit log and the file access log.
 */
export async function downloadFile(principal: Principal | null, id: number, meta: RequestMeta, forceAttachment = false): Promise<Response> {
  const [row] = await db().select().from(files).where(eq(files.id, id)).limit(1);
  const userId = principal?.userId ?? null;
  const record = async (result: "success" | "blocked" | "failure", metadata: Record<string, unknown>) => {
    await logFileAccess({ fileId: id, action: "download", result, userId, meta, metadata });
    await audit({ action: "FILE_DOWNLOAD", targetType: "FILE", targetId: id, result: result === "success" ? "SUCCESS" : result === "blocked" ? "BLOCKED" : "FAILURE", actorUserId: userId, meta, metadata });
  };

  const refused = refusal(principal, row);
  if (refused || !row) {
    await record("blocked", { reason: refused?.reason ?? "not_found" });
    throw refused?.error ?? notFound();
  }
  const object = await fileStorage().get(row.storedFilename);
  if (!object) {
    await record("failure", { reason: "stored_object_missing" });
    throw new ApiError("not_found", "File not found on server.");
  }
  if (object.size !== row.fileSize) {
    await object.stream.cancel();
    await record("failure", { reason: "size_mismatch" });
    throw new ApiError("conflict", "The stored file does not match its record; an administrator must verify it.");
  }
  await record("success", { filename: row.originalFilename, status: row.status });
  return new Response(object.stream, { status: 200, headers: downloadHeaders(row, object.size, forceAttachment) });
}
