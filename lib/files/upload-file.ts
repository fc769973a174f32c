import "server-only";
import { db } from "@/db/client";
import { files } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError, fieldErrorsFromIssues, validationError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { logFileAccess } from "./access-log";
import { sha256Hex } from "./hash";
import type { FileRow } from "./queries";
import { scanStoredFile } from "./scan-file";
import { uploadFieldsSchema, type UploadFields } from "./schemas";
import { serializeFile, type SerializedFile } from "./serializers";
import { fileStorage, newStorageKey } from "./storage";
import { sanitiseFilename } from "./validate/filename";
import { readUploadForm } from "./validate/read-upload-form";
import { validateUpload, type ValidatedFile } from "./validate/validate-upload";

type Context = { fields?: UploadFields; filename?: string; size?: number };

async function readAndValidate(req: Request, context: Context): Promise<{ fields: UploadFields; file: ValidatedFile }> {
  const form = await readUploadForm(req);
  context.filename = sanitiseFilename(form.file.name).name;
  context.size = form.file.size;
  const parsed = uploadFieldsSchema.safeParse(form.fields);
  if (!parsed.success) throw validationError(fieldErrorsFromIssues(parsed.error.issues));
  context.fields = parsed.data;
  const bytes = new Uint8Array(await form.file.arrayBuffer());
  const file = await validateUpload({ bytes, filename: form.file.name, category: parsed.data.file_type });
  return { fields: parsed.data, file };
}

/**
 * POST /api/files/: read the bounded multipart body, validate the file, store it under a random key, record it
 * quarantined with its SHA-256, then scan it when a scanner is configured. Every refusal is audited with its reason;
 * if the row cannot be written the stored object is removed (no orphans).
 */
export async function uploadFile(principal: Principal, req: Request, meta: RequestMeta): Promise<SerializedFile> {
  const context: Context = {};
  let input: Awaited<ReturnType<typeof readAndValidate>>;
  try {
    input = await readAndValidate(req, context);
  } catch (error) {
    if (error instanceof ApiError) {
      await audit({
        action: "FILE_UPLOAD",
        targetType: "FILE",
        result: "BLOCKED",
        actorUserId: principal.userId,
        meta,
        metadata: { reason: error.detail, status: error.status, file_type: context.fields?.file_type ?? null, filename: context.filename ?? null, size: context.size ?? null },
      });
    }
    throw error;
  }

  const { fields, file } = input;
  const storage = fileStorage();
  const key = newStorageKey();
  await storage.put(key, file.bytes);
  let row: FileRow;
  try {
    row = await db().transaction(async (tx) => {
      const [inserted] = await tx
        .insert(files)
        .values({
          originalFilename: file.filename,
          storedFilename: key,
          fileType: fields.file_type,
          mimeType: file.mime,
          fileSize: file.bytes.byteLength,
          fileHash: sha256Hex(file.bytes),
          width: file.width,
          height: file.height,
          isPublic: fields.is_public,
          description: fields.description,
          uploadedBy: principal.userId,
        })
        .returning();
      const created = inserted!;
      const details = { file_type: created.fileType, mime_type: created.mimeType, file_size: created.fileSize, filename: created.originalFilename };
      await logFileAccess({ fileId: created.id, action: "upload", result: "success", userId: principal.userId, meta, metadata: details }, tx);
      await audit({ action: "FILE_UPLOAD", targetType: "FILE", targetId: created.id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: details }, tx);
      return created;
    });
  } catch (error) {
    await storage.delete(key).catch(() => {});
    throw error;
  }
  const scanned = await scanStoredFile(row, meta);
  return serializeFile(scanned ?? row, principal);
}
