import { ApiError } from "@/lib/http/problem";
import { readBodyCapped } from "@/lib/http/read-body";
import { fileRefused } from "./errors";
import { UPLOAD_REQUEST_CAP } from "./rules";

export type UploadForm = { file: File; fields: Record<string, string> };

const tooLarge = () => fileRefused("payload_too_large", `The upload is too large: a request may carry at most ${UPLOAD_REQUEST_CAP} bytes.`);

/**
 * Reads a multipart upload without ever holding more than the cap: a declared Content-Length above it is refused
 * before one byte is read, and the bytes are counted while streaming (a chunked body is cut off at the cap). Only
 * then is the bounded body parsed. A body shorter than its Content-Length (cut on the way) is refused.
 */
export async function readUploadForm(req: Request): Promise<UploadForm> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;.*boundary=/i.test(contentType)) {
    throw fileRefused("unsupported_media_type", "Send the upload as multipart/form-data with a `file` part.");
  }
  const declaredHeader = req.headers.get("content-length");
  const declared = declaredHeader === null ? null : Number(declaredHeader);
  if (declared !== null && (!Number.isSafeInteger(declared) || declared < 0)) throw new ApiError("bad_request", "Invalid Content-Length.");
  if (declared !== null && declared > UPLOAD_REQUEST_CAP) throw tooLarge();

  let bytes: Uint8Array;
  try {
    bytes = await readBodyCapped(req, UPLOAD_REQUEST_CAP);
  } catch (error) {
    if (error instanceof ApiError && error.code === "payload_too_large") throw tooLarge();
    throw error;
  }
  if (declared !== null && bytes.byteLength !== declared) throw fileRefused("bad_request", "The upload was incomplete: fewer bytes arrived than were announced.");

  let form: FormData;
  try {
    // readBodyCapped returns a fresh array over a plain ArrayBuffer
    form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw fileRefused("bad_request", "The multipart body could not be read.");
  }

  let file: File | null = null;
  const fields: Record<string, string> = {};
  const errors: Record<string, string[]> = {};
  for (const [key, value] of form.entries()) {
    const seen = key === "file" ? file !== null : key in fields;
    if (seen) (errors[key] ??= []).push("Send this field once.");
    else if (key === "file") {
      if (typeof value === "string") (errors.file ??= []).push("Send the file as a file part (with a filename).");
      else file = value;
    } else if (typeof value !== "string") (errors[key] ??= []).push("Only `file` may be a file part.");
    else fields[key] = value;
  }
  if (!file && !errors.file) (errors.file ??= []).push("No file was submitted.");
  if (Object.keys(errors).length || !file) {
    throw new ApiError("validation_error", `Invalid upload: ${Object.keys(errors).join(", ")}.`, { errors });
  }
  return { file, fields };
}
