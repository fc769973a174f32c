/**
 * `Content-Disposition` for a stored filename: an ASCII-only quoted fallback with nothing that could end the quoted
 * string or the header (quotes, backslashes, semicolons, %, controls become "_"), and the exact name in RFC 8187
 * `filename*` percent-encoding. Filenames were sanitised at upload; this does not rely on it.
 */
export function contentDisposition(filename: string, disposition: "inline" | "attachment"): string {
  const ascii =
    filename
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[^\x20-\x7e]/g, "_")
      .replace(/["\\;%]/g, "_")
      .trim() || "file";
  const encoded = encodeURIComponent(filename.replace(/\p{Cc}/gu, "")).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
