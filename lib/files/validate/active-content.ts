/**
 * Markers of content a browser or an interpreter would run. A file carrying one is refused whatever its type: this
 * catches polyglots such as a valid PNG with an HTML/JS payload appended or hidden in a text chunk. The tag markers
 * require the character that ends a tag name, which keeps false positives in compressed binary data rare.
 */
const MARKERS: ReadonlyArray<{ label: string; pattern: RegExp }> = [
  { label: "<script", pattern: /<script[\s>/]/i },
  { label: "<html", pattern: /<html[\s>]/i },
  { label: "<!doctype html", pattern: /<!doctype\s+html/i },
  { label: "<svg", pattern: /<svg[\s>/]/i },
  { label: "<iframe", pattern: /<iframe[\s>/]/i },
  { label: "<object", pattern: /<object[\s>/]/i },
  { label: "<embed", pattern: /<embed[\s>/]/i },
  { label: "<?php", pattern: /<\?php/i },
  { label: "javascript:", pattern: /javascript\s*:/i },
  { label: "vbscript:", pattern: /vbscript\s*:/i },
];

/** Bytes as a string with one character per byte, so byte patterns can be searched with regular expressions. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** The first active-content marker found in the bytes, or null. */
export function findActiveContent(bytes: Uint8Array): string | null {
  const text = latin1(bytes);
  for (const m of MARKERS) if (m.pattern.test(text)) return m.label;
  return null;
}
