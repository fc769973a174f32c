import { env } from "@/lib/env";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * A state-changing request authenticated by cookie must come from this shop (or an allowed CORS origin): its
 * Origin header says so, or, without one, `Sec-Fetch-Site: same-origin`. Bearer-token requests do not need it.
 */
export function isTrustedOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin) {
    const e = env();
    return origin === new URL(e.APP_URL).origin || e.CORS_ALLOWED_ORIGINS.includes(origin);
  }
  return headers.get("sec-fetch-site") === "same-origin";
}
