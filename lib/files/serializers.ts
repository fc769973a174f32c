import type { Principal } from "@/lib/auth/principal";
import { canManageFiles, type FileRow } from "./queries";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const fileUrl = (id: number) => `/api/files/${id}/download/`;

/**
 * The original's FileUploadSerializer fields with width/height and status added, without stored_filename (the
 * storage key) or uploaded_by_email. The uploader's id is shown only to the uploader and to admins.
 */
export function serializeFile(row: FileRow, viewer: Principal | null) {
  const showUploader = canManageFiles(viewer) || (viewer !== null && row.uploadedBy === viewer.userId);
  return {
    id: row.id,
    original_filename: row.originalFilename,
    file_url: fileUrl(row.id),
    file_type: row.fileType,
    mime_type: row.mimeType,
    file_size: row.fileSize,
    file_hash: row.fileHash,
    width: row.width,
    height: row.height,
    status: row.status,
    is_verified: row.status === "released",
    is_quarantined: row.status === "quarantined",
    virus_scan_status: row.scanStatus,
    is_public: row.isPublic,
    description: row.description,
    uploaded_by: showUploader ? row.uploadedBy : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    verified_at: iso(row.verifiedAt),
  };
}

export type SerializedFile = ReturnType<typeof serializeFile>;
