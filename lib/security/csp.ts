/**
 * Content-Security-Policy strings, assembled once per process; only the nonce changes per request. Scripts run only
 * with the request's nonce (Next.js puts it on its own scripts) and what they load ('strict-dynamic'): no
 * 'unsafe-inline' or 'unsafe-eval' for scripts. Edge-safe.
 */
export function buildPageCsp(options: { dev: boolean; https: boolean }) {
  const before = "default-src 'self'; script-src 'self' 'nonce-";
  const after = [
    `' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${options.dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return (nonce: string) => `${before}${nonce}${after}`;
}

/** JSON answers never render: nothing may load, frame or submit. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/** The API reference page (/api/docs/): HTML with this app's stylesheet, no script at all. */
export const DOCS_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
