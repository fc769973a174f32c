import { NextResponse } from "next/server";
import { applyStaticSecurityHeaders } from "@/lib/security/headers";

/**
 * Edge middleware: a small dispatcher, each concern a function in lib/. Web APIs only, so that a move to
 * `proxy.ts` would be a rename. Today: the static security headers; the CSP nonce, rate limits, CORS, CSRF and the
 * session gate come with the edge-middleware issue.
 */
export function middleware(): NextResponse {
  const response = NextResponse.next();
  applyStaticSecurityHeaders(response.headers);
  return response;
}
