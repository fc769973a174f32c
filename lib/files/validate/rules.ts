/**
 * What each upload category accepts: the original's table (§3.9) without SVG, and without the `other` category that
 * accepted anything. Types are decided from the bytes, never from the client's Content-Type.
 */

export const FILE_TYPES = ["image", "product_image", "avatar", "document"] as const;
export type FileCategory = (typeof FILE_TYPES)[number];

export const MiB = 1024 * 1024;

/** MIME types this application ever stores, with the extensions a file of that type may carry. */
export const MIME_EXTENSIONS = {
  "image/jpeg": ["jpg", "jpeg"],
  "image/png": ["png"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/pdf": ["pdf"],
  "application/msword": ["doc"],
  "application/vnd.ms-excel": ["xls"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "text/plain": ["txt"],
  "text/csv": ["csv"],
} as const satisfies Record<string, readonly string[]>;

export type StoredMime = keyof typeof MIME_EXTENSIONS;

export const IMAGE_MIMES: ReadonlySet<string> = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

export type Dimensions = { min: number; max: number };

export type CategoryRule = { maxBytes: number; mimes: ReadonlySet<StoredMime>; dimensions?: Dimensions };

export const CATEGORY_RULES: Record<FileCategory, CategoryRule> = {
  image: { maxBytes: 5 * MiB, mimes: new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]), dimensions: { min: 1, max: 4096 } },
  product_image: { maxBytes: 5 * MiB, mimes: new Set(["image/jpeg", "image/png", "image/webp"]), dimensions: { min: 1, max: 4096 } },
  avatar: { maxBytes: 2 * MiB, mimes: new Set(["image/jpeg", "image/png"]), dimensions: { min: 64, max: 512 } },
  document: {
    maxBytes: 10 * MiB,
    mimes: new Set([
      "application/pdf",
      "application/msword",
      "application/vnd.ms-excel",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "text/plain",
      "text/csv",
    ]),
  },
};

/**
 * Next.js buffers a body that passes through the middleware up to 10 MiB and silently drops the rest, so a request
 * may carry strictly less than that: a body that reaches the limit may have been cut and is refused as too large.
 */
export const MAX_REQUEST_BYTES = 10 * MiB - 1;

/** Room for the multipart boundaries, part headers and the small text fields around the file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** The request cap: the largest category plus the multipart overhead, but below the middleware's buffer. */
export const UPLOAD_REQUEST_CAP = Math.min(Math.max(...Object.values(CATEGORY_RULES).map((r) => r.maxBytes)) + MULTIPART_OVERHEAD_BYTES, MAX_REQUEST_BYTES);

export function extensionsFor(mime: StoredMime): readonly string[] {
  return MIME_EXTENSIONS[mime];
}
