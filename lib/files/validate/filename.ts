/**
 * Upload filenames are shown to people and put in Content-Disposition headers, never used as paths. What is left
 * after sanitising is a single name without path parts, control or invisible formatting characters (bidi overrides
 * could disguise "gpj.exe" as "exe.jpg"), quotes, semicolons or backslashes, and no leading dot.
 */

export const MAX_FILENAME_LENGTH = 255;

// Cc: C0/C1 controls (CR, LF, NUL …); Cf: format characters (bidi overrides, zero-width); Cs: lone surrogates;
// Zl/Zp: line and paragraph separators; the rest break headers or are refused by common file systems.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}"'`;\\/<>:*?|]/gu;

function clean(part: string): string {
  return part.replace(FORBIDDEN, "").replace(/\s+/gu, " ").trim();
}

export type SanitisedName = { name: string; stem: string; extension: string };

/** Sanitises a client filename; `extension` is lowercase and "" when the name has none. */
export function sanitiseFilename(raw: string): SanitisedName {
  const normalised = raw.normalize("NFC");
  // basename under either separator convention
  const base = normalised.split(/[/\\]/u).pop() ?? "";
  const dot = base.lastIndexOf(".");
  const hasExtension = dot > 0 || (dot === 0 && base.length > 1);
  // an "extension" longer than any real one is kept as it is, cut: it will not match a detected type anyway
  const extension = hasExtension ? Array.from(clean(base.slice(dot + 1)).toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")).slice(0, 16).join("") : "";
  let stem = clean(hasExtension ? base.slice(0, dot) : base)
    .replace(/^[.\s]+/u, "")
    .replace(/[.\s]+$/u, "");
  const suffix = extension ? `.${extension}` : "";
  const room = MAX_FILENAME_LENGTH - Array.from(suffix).length;
  const chars = Array.from(stem);
  if (chars.length > room) stem = chars.slice(0, Math.max(room, 0)).join("").trimEnd();
  if (!stem) stem = "file";
  return { name: `${stem}${suffix}`, stem, extension };
}
