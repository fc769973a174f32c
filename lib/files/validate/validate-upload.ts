import { findActiveContent } from "./active-content";
import { detectMime } from "./detect-type";
import { fileRefused } from "./errors";
import { sanitiseFilename } from "./filename";
import { processImage } from "./image";
import { findOfficeMacros } from "./office";
import { findPdfActiveContent } from "./pdf";
import { CATEGORY_RULES, IMAGE_MIMES, MIME_EXTENSIONS, type FileCategory, type StoredMime } from "./rules";

export type ValidatedFile = {
  /** What to store: the re-encoded image, or the document's bytes unchanged. */
  bytes: Uint8Array;
  mime: StoredMime;
  filename: string;
  width: number | null;
  height: number | null;
};

const mib = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;

/**
 * Every check an upload passes before anything is stored, cheapest first: size, name, type from the bytes against the
 * category's allow-list, extension against the detected type, active content, then for images a full decode and
 * re-encode. Refusals: 413 too large, 415 type not allowed or not matching its extension, 400 anything else.
 */
export async function validateUpload(input: { bytes: Uint8Array; filename: string; category: FileCategory }): Promise<ValidatedFile> {
  const rule = CATEGORY_RULES[input.category];
  const size = input.bytes.byteLength;
  if (size === 0) throw fileRefused("bad_request", "The submitted file is empty.");
  if (size > rule.maxBytes) throw fileRefused("payload_too_large", `File too large: at most ${mib(rule.maxBytes)} for ${input.category}.`);

  const name = sanitiseFilename(input.filename);
  const detected = await detectMime(input.bytes, name.extension);
  const allowed = [...rule.mimes].join(", ");
  if (!detected) throw fileRefused("unsupported_media_type", `The file's type could not be recognised. Allowed for ${input.category}: ${allowed}.`);
  if (!(rule.mimes as ReadonlySet<string>).has(detected)) {
    throw fileRefused("unsupported_media_type", `File type ${detected} is not allowed for ${input.category}. Allowed: ${allowed}.`);
  }
  const mime = detected as StoredMime;
  const extensions: readonly string[] = MIME_EXTENSIONS[mime];
  if (!extensions.includes(name.extension)) {
    const given = name.extension ? `.${name.extension}` : "no extension";
    throw fileRefused("unsupported_media_type", `The file name has ${given}, but its content is ${mime} (use .${extensions.join(" or .")}).`);
  }

  const marker = findActiveContent(input.bytes);
  if (marker) throw fileRefused("bad_request", `The file contains active content (${marker}) and was refused.`);
  const pdf = mime === "application/pdf" ? findPdfActiveContent(input.bytes) : null;
  if (pdf) throw fileRefused("bad_request", `PDF files with ${pdf} are not accepted.`);
  const macros = findOfficeMacros(input.bytes, mime);
  if (macros) throw fileRefused("bad_request", `Documents with ${macros} are not accepted.`);

  if (!IMAGE_MIMES.has(mime)) return { bytes: input.bytes, mime, filename: name.name, width: null, height: null };
  if (!rule.dimensions) throw fileRefused("unsupported_media_type", `Images are not accepted for ${input.category}.`);
  const image = await processImage(input.bytes, mime, rule.dimensions);
  // pixels can be arranged so that the encoder writes a marker; the stored bytes get the same scan
  const reencodedMarker = findActiveContent(image.bytes);
  if (reencodedMarker) throw fileRefused("bad_request", `The file contains active content (${reencodedMarker}) and was refused.`);
  if (image.bytes.byteLength > rule.maxBytes) throw fileRefused("payload_too_large", `File too large once re-encoded: at most ${mib(rule.maxBytes)} for ${input.category}.`);
  return { bytes: image.bytes, mime, filename: name.name, width: image.width, height: image.height };
}
