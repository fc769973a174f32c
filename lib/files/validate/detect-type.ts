import { fileTypeFromBuffer } from "file-type";

/**
 * The type of a file from its bytes (magic numbers, via file-type), never from the client's name or Content-Type.
 * Two cases need more than magic:
 * - legacy Word and Excel files are both OLE compound files ("cfb"); the extension picks which one is claimed and the
 *   compound file must hold that format's main stream (WordDocument, Workbook/Book);
 * - plain text and CSV have no magic: accepted only for .txt/.csv names whose bytes are valid UTF-8 without NUL or
 *   other control characters.
 * Returns the detected MIME type (possibly one no category allows), or null when nothing is recognised.
 */
export async function detectMime(bytes: Uint8Array, extension: string): Promise<string | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    if (found.ext === "cfb") return legacyOfficeMime(bytes, extension) ?? found.mime;
    return found.mime;
  }
  if ((extension === "txt" || extension === "csv") && isPlainText(bytes)) return extension === "txt" ? "text/plain" : "text/csv";
  return null;
}

function legacyOfficeMime(bytes: Uint8Array, extension: string): string | null {
  if (extension === "doc" && containsUtf16(bytes, "WordDocument")) return "application/msword";
  if (extension === "xls" && (containsUtf16(bytes, "Workbook") || containsUtf16(bytes, "Book"))) return "application/vnd.ms-excel";
  return null;
}

/** Whether `text` occurs UTF-16LE encoded in the bytes (how compound files name their streams). */
export function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, "utf16le");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

// Tab, LF, FF and CR are the only control characters ordinary text and CSV files hold.
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/u;

export function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !CONTROL.test(text);
}
