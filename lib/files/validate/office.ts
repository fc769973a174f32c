import { latin1 } from "./active-content";
import { containsUtf16 } from "./detect-type";

/**
 * Office documents with VBA macros are refused. OOXML (docx/xlsx) is a zip whose entry names are stored uncompressed,
 * so a macro project shows as a `vbaProject.bin` entry; legacy compound files name their macro storage in UTF-16.
 */
export function findOfficeMacros(bytes: Uint8Array, mime: string): string | null {
  if (mime.startsWith("application/vnd.openxmlformats-officedocument.")) {
    return latin1(bytes).toLowerCase().includes("vbaproject.bin") ? "VBA macros" : null;
  }
  if (mime === "application/msword" || mime === "application/vnd.ms-excel") {
    return containsUtf16(bytes, "_VBA_PROJECT") || containsUtf16(bytes, "Macros") ? "VBA macros" : null;
  }
  return null;
}
