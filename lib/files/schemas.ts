import { z } from "zod";
import { paginationQuery } from "@/lib/http/pagination";
import { boolParam } from "@/lib/http/query-params";
import { FILE_TYPES } from "./validate/rules";

export const FILE_STATUSES = ["quarantined", "released", "rejected"] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

export const MAX_DESCRIPTION_LENGTH = 1000;

export const fileIdParams = z.strictObject({ id: z.string().regex(/^\d{1,15}$/, "must be a numeric id").transform(Number) });

const fileTypeField = z.enum(FILE_TYPES, {
  error: (issue) =>
    issue.input === "other"
      ? "The 'other' category is not accepted: choose image, product_image, avatar or document."
      : `file_type must be one of ${FILE_TYPES.join(", ")}`,
});

const description = z.string().trim().max(MAX_DESCRIPTION_LENGTH, `description must be at most ${MAX_DESCRIPTION_LENGTH} characters`);

/** A boolean sent as a form field (HTML checkboxes send "on"). */
const formBool = z
  .enum(["true", "false", "True", "False", "1", "0", "on", "off", ""], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "True" || v === "1" || v === "on");

/** The text fields of the multipart upload; the `file` part is read separately. Unknown fields are refused. */
export const uploadFieldsSchema = z.strictObject({
  file_type: z.string({ error: "file_type is required" }).pipe(fileTypeField),
  description: description.default(""),
  is_public: formBool.default(false),
});
export type UploadFields = z.output<typeof uploadFieldsSchema>;

const readOnly = (field: string) => z.never({ error: `${field} is read-only: it is decided by the server from the file's content.` }).optional();

/**
 * PATCH: only the description and the visibility. The fields the original let owners rewrite (type, MIME, size …)
 * are named and refused, so a client learns why; any other unknown field is refused too.
 */
export const patchFileSchema = z
  .strictObject({
    description: description.optional(),
    is_public: z.boolean({ error: "is_public must be true or false" }).optional(),
    original_filename: readOnly("original_filename"),
    stored_filename: readOnly("stored_filename"),
    file_type: readOnly("file_type"),
    mime_type: readOnly("mime_type"),
    file_size: readOnly("file_size"),
    file_hash: readOnly("file_hash"),
    width: readOnly("width"),
    height: readOnly("height"),
    status: readOnly("status"),
    is_verified: readOnly("is_verified"),
    is_quarantined: readOnly("is_quarantined"),
    virus_scan_status: readOnly("virus_scan_status"),
    uploaded_by: readOnly("uploaded_by"),
    verified_at: readOnly("verified_at"),
  })
  .refine((v) => v.description !== undefined || v.is_public !== undefined, { error: "Send description and/or is_public." });
export type PatchFileInput = { description?: string; is_public?: boolean };

/** PUT: both writable fields. */
export const putFileSchema = z.strictObject({
  description,
  is_public: z.boolean({ error: "is_public must be true or false" }),
});

export const verifyFileSchema = z.strictObject({
  action: z.enum(["release", "reject"], { error: "action must be release or reject" }).default("release"),
  reason: z.string().trim().max(500, "reason must be at most 500 characters").default(""),
});
export type VerifyFileInput = z.output<typeof verifyFileSchema>;

export const fileListQuery = z.strictObject({
  ...paginationQuery,
  file_type: fileTypeField.optional(),
  status: z.enum(FILE_STATUSES, { error: `status must be one of ${FILE_STATUSES.join(", ")}` }).optional(),
  is_verified: boolParam.optional(),
  is_quarantined: boolParam.optional(),
  uploaded_by: z.coerce.number<string>({ error: "must be a numeric user id" }).int("must be a numeric user id").positive("must be a numeric user id").max(Number.MAX_SAFE_INTEGER).optional(),
});
export type FileListQuery = z.output<typeof fileListQuery>;

/** The newest files `my_files` returns (the original's list was unbounded). */
export const MY_FILES_LIMIT = 500;
