import { ApiError } from "@/lib/http/problem";

/** A product's entity tag: its row version, bumped on every change (stock included). */
export function productEtag(version: number): string {
  return `"v${version}"`;
}

/**
 * RFC 9110 If-Match: absent → no precondition; `*` → any current version; otherwise one of the listed tags must
 * equal the current one (weak tags compare by their opaque part). A stale tag is 412, never a silent overwrite.
 */
export function assertIfMatch(header: string | null, version: number): void {
  if (header === null) return;
  const value = header.trim();
  if (value === "*") return;
  const current = productEtag(version);
  const tags = value.split(",").map((t) => t.trim().replace(/^W\//, ""));
  if (!tags.includes(current)) {
    throw new ApiError("precondition_failed", "The product changed since you loaded it (If-Match does not match its ETag). Reload and apply your change again.", {
      headers: { etag: current },
      extensions: { current_etag: current },
    });
  }
}
