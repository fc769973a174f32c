import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { isoTimestamp } from "@/lib/openapi/doc";
import { canManageFiles, type FileRow } from "./queries";
import { FILE_STATUSES, type FileStatus } from "./schemas";
import { FILE_TYPES, type FileCategory } from "./validate/rules";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const fileUrl = (id: number) => `/api/files/${id}/download/`;

export const SCAN_STATUSES = ["pending", "clean", "infected", "error", "skipped"] as const;
type ScanStatus = (typeof SCAN_STATUSES)[number];

/** The response body of a file's record, as documented in the OpenAPI document; serializeFile is typed against it. */
export const fileSchema = z.object({
  id: z.number().int(),
  original_filename: z.string().describe("The uploaded name, sanitised"),
  file_url: z.string().describe("The download endpoint of this file"),
  file_type: z.enum(FILE_TYPES),
  mime_type: z.string().describe("Detected from the bytes, never taken from the client"),
  file_size: z.number().int().min(1).describe("Bytes stored (images are re-encoded, so this may differ from the upload)"),
  file_hash: z.string().regex(/^[0-9a-f]{64}$/).describe("SHA-256 of the stored bytes, hex"),
  width: z.number().int().nullable().describe("Images only"),
  height: z.number().int().nullable().describe("Images only"),
  status: z.enum(FILE_STATUSES).describe("quarantined until the virus scan or an admin releases or rejects it"),
  is_verified: z.boolean().describe("status is released"),
  is_quarantined: z.boolean().describe("status is quarantined"),
  virus_scan_status: z.enum(SCAN_STATUSES).describe("skipped: released by an admin while no scan had run"),
  is_public: z.boolean().describe("Downloadable by anyone once released"),
  description: z.string(),
  uploaded_by: z.number().int().nullable().describe("The uploader's id, for the uploader and admins only (null for others, and once the uploader's account is gone)"),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
  verified_at: isoTimestamp.nullable(),
});

export type SerializedFile = z.input<typeof fileSchema>;

/** POST /api/files/{id}/verify/: an acknowledgement and the file's record as it now is. */
export const fileReviewedSchema = z.object({ detail: z.string(), file: fileSchema });

/**
 * The original's FileUploadSerializer fields with width/height and status added, without stored_filename (the
 * storage key) or uploaded_by_email. The uploader's id is shown only to the uploader and to admins.
 */
export function serializeFile(row: FileRow, viewer: Principal | null): SerializedFile {
  const showUploader = canManageFiles(viewer) || (viewer !== null && row.uploadedBy === viewer.userId);
  return {
    id: row.id,
    original_filename: row.originalFilename,
    file_url: fileUrl(row.id),
    // the files_type, files_status and files_scan_status check constraints hold these columns to the enums
    file_type: row.fileType as FileCategory,
    mime_type: row.mimeType,
    file_size: row.fileSize,
    file_hash: row.fileHash,
    width: row.width,
    height: row.height,
    status: row.status as FileStatus,
    is_verified: row.status === "released",
    is_quarantined: row.status === "quarantined",
    virus_scan_status: row.scanStatus as ScanStatus,
    is_public: row.isPublic,
    description: row.description,
    uploaded_by: showUploader ? row.uploadedBy : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    verified_at: iso(row.verifiedAt),
  };
}
