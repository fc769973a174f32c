/**
 * CORS for /api from the allow-list (CORS_ALLOWED_ORIGINS): only listed origins are echoed back, with credentials;
 * never `*`. Edge-safe.
 */
export const CORS_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
export const CORS_HEADERS = "Authorization, Content-Type, Idempotency-Key, If-Match, X-API-Key, X-Request-Id";
export const CORS_EXPOSE = "Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id, ETag, Location";

export function corsHeaders(origin: string | null, allowed: ReadonlySet<string>): [string, string][] {
  if (!origin || !allowed.has(origin)) return [];
  return [
    ["Access-Control-Allow-Origin", origin],
    ["Access-Control-Allow-Credentials", "true"],
    ["Access-Control-Expose-Headers", CORS_EXPOSE],
  ];
}

export function preflightHeaders(origin: string | null, allowed: ReadonlySet<string>): [string, string][] {
  if (!origin || !allowed.has(origin)) return [];
  return [
    ...corsHeaders(origin, allowed),
    ["Access-Control-Allow-Methods", CORS_METHODS],
    ["Access-Control-Allow-Headers", CORS_HEADERS],
    ["Access-Control-Max-Age", "600"],
  ];
}
