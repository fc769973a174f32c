/** Edge-safe (no Node imports): the middleware uses it to give key-bearing requests their own rate limits. */
export const KEY_PATTERN = /^(shop_[a-z2-7]{12})_[A-Za-z0-9_-]{43}$/;

/**
 * The key a request presents, if it presents one: `X-API-Key: <key>` or `Authorization: Bearer <key>` where the
 * bearer value has the key's shape (access tokens are JWTs and never start with `shop_`). `malformed` when an
 * X-API-Key header is there but is not a key.
 */
export function presentedApiKey(headers: Headers): { key: string } | { malformed: true } | null {
  const header = headers.get("x-api-key");
  if (header !== null) {
    const value = header.trim();
    return KEY_PATTERN.test(value) ? { key: value } : { malformed: true };
  }
  const m = /^Bearer\s+(shop_\S*)$/i.exec(headers.get("authorization") ?? "");
  if (!m) return null;
  return KEY_PATTERN.test(m[1]!) ? { key: m[1]! } : { malformed: true };
}
