/**
 * Every rate limit in one table, tuned here. Sliding windows; `key` says whom a policy counts: the client IP, the
 * signed-in user (the IP when anonymous), or the account named in a sign-in body. Limits are at least as strict as
 * the original's (per-endpoint django-ratelimit values, anon 100/h, user 1000/h) and add the ones it lacked
 * (login, token, register, password reset, second factors, WebAuthn).
 */
export type PolicyKey = "ip" | "user" | "account" | "api_key";
export type Policy = { name: string; limit: number; windowSeconds: number; key: PolicyKey };

const MIN = 60;
const HOUR = 3600;

export const POLICIES = {
  "api.anon": { limit: 100, windowSeconds: HOUR, key: "ip" },
  "api.user": { limit: 1000, windowSeconds: HOUR, key: "user" },
  /** Requests that present an API key: per key once the key is verified (withApi), per IP at the edge before that. */
  "api.key": { limit: 1000, windowSeconds: HOUR, key: "api_key" },
  "api.key.ip": { limit: 3000, windowSeconds: HOUR, key: "ip" },
  /** Refused keys per IP that are audited one by one; past it they are only counted (a flood must not fill the log). */
  "api.key.rejected": { limit: 30, windowSeconds: MIN, key: "ip" },
  "auth.login.ip": { limit: 10, windowSeconds: MIN, key: "ip" },
  "auth.login.account": { limit: 10, windowSeconds: 15 * MIN, key: "account" },
  "auth.refresh": { limit: 30, windowSeconds: MIN, key: "ip" },
  "auth.register": { limit: 5, windowSeconds: HOUR, key: "ip" },
  "auth.password_reset.ip": { limit: 5, windowSeconds: HOUR, key: "ip" },
  "auth.password_reset.account": { limit: 3, windowSeconds: HOUR, key: "account" },
  "auth.email": { limit: 10, windowSeconds: HOUR, key: "ip" },
  "auth.password_change": { limit: 5, windowSeconds: 15 * MIN, key: "user" },
  "auth.mfa.user": { limit: 5, windowSeconds: MIN, key: "user" },
  "auth.mfa.ip": { limit: 10, windowSeconds: MIN, key: "ip" },
  "auth.webauthn": { limit: 20, windowSeconds: MIN, key: "ip" },
  "cart.write": { limit: 60, windowSeconds: MIN, key: "user" },
  "api_keys.write": { limit: 10, windowSeconds: MIN, key: "user" },
  "monitoring.trigger": { limit: 6, windowSeconds: MIN, key: "user" },
  "monitoring.act": { limit: 30, windowSeconds: MIN, key: "user" },
  "cart.price": { limit: 120, windowSeconds: MIN, key: "ip" },
  "orders.create.user": { limit: 5, windowSeconds: MIN, key: "user" },
  "orders.create.ip": { limit: 10, windowSeconds: MIN, key: "ip" },
  "orders.update": { limit: 20, windowSeconds: MIN, key: "user" },
  "orders.cancel": { limit: 10, windowSeconds: MIN, key: "user" },
  "orders.update_status": { limit: 5, windowSeconds: MIN, key: "user" },
  "products.create.user": { limit: 10, windowSeconds: MIN, key: "user" },
  "products.create.ip": { limit: 20, windowSeconds: MIN, key: "ip" },
  "products.update": { limit: 20, windowSeconds: MIN, key: "user" },
  "products.delete": { limit: 10, windowSeconds: MIN, key: "user" },
  "products.update_stock": { limit: 5, windowSeconds: MIN, key: "user" },
  "reviews.create.user": { limit: 10, windowSeconds: MIN, key: "user" },
  "reviews.create.ip": { limit: 20, windowSeconds: MIN, key: "ip" },
  "reviews.update": { limit: 20, windowSeconds: MIN, key: "user" },
  "reviews.delete": { limit: 10, windowSeconds: MIN, key: "user" },
  "reviews.moderate": { limit: 5, windowSeconds: MIN, key: "user" },
  "reviews.vote": { limit: 5, windowSeconds: MIN, key: "user" },
  "files.create.user": { limit: 10, windowSeconds: MIN, key: "user" },
  "files.create.ip": { limit: 20, windowSeconds: MIN, key: "ip" },
  "files.update": { limit: 20, windowSeconds: MIN, key: "user" },
  "files.delete": { limit: 10, windowSeconds: MIN, key: "user" },
  "files.verify": { limit: 5, windowSeconds: MIN, key: "user" },
  "webhooks.write": { limit: 30, windowSeconds: MIN, key: "user" },
} as const satisfies Record<string, Omit<Policy, "name">>;

export type PolicyName = keyof typeof POLICIES;

export function policy(name: PolicyName): Policy {
  return { name, ...POLICIES[name] };
}

type Rule = { method: string; pattern: RegExp; policies: PolicyName[] };

const ID = "\\d+";
/** Specific endpoints (the path is normalised to end with "/"); the general api.anon / api.user apply on top. */
const RULES: Rule[] = [
  { method: "POST", pattern: /^\/api\/auth\/(login|token)\/$/, policies: ["auth.login.ip", "auth.login.account"] },
  { method: "POST", pattern: /^\/api\/auth\/token\/refresh\/$/, policies: ["auth.refresh"] },
  { method: "POST", pattern: /^\/api\/auth\/register\/$/, policies: ["auth.register"] },
  { method: "POST", pattern: /^\/api\/auth\/password\/reset\/$/, policies: ["auth.password_reset.ip", "auth.password_reset.account"] },
  { method: "POST", pattern: /^\/api\/auth\/password\/reset\/confirm\/$/, policies: ["auth.password_reset.ip"] },
  { method: "POST", pattern: /^\/api\/auth\/verify-email\/(resend\/)?$/, policies: ["auth.email"] },
  { method: "POST", pattern: /^\/api\/auth\/password\/change\/$/, policies: ["auth.password_change"] },
  { method: "POST", pattern: /^\/api\/auth\/totp\/(setup|verify|disable|recovery-codes)\/$/, policies: ["auth.mfa.user", "auth.mfa.ip"] },
  { method: "*", pattern: /^\/api\/auth\/webauthn\//, policies: ["auth.webauthn"] },
  { method: "POST|DELETE", pattern: /^\/api\/auth\/api-keys\//, policies: ["api_keys.write"] },
  { method: "POST", pattern: /^\/api\/orders\/$/, policies: ["orders.create.user", "orders.create.ip"] },
  { method: "PUT|PATCH", pattern: new RegExp(`^/api/orders/${ID}/$`), policies: ["orders.update"] },
  { method: "POST", pattern: new RegExp(`^/api/orders/${ID}/cancel/$`), policies: ["orders.cancel"] },
  { method: "POST", pattern: new RegExp(`^/api/orders/${ID}/update_status/$`), policies: ["orders.update_status"] },
  { method: "POST", pattern: /^\/api\/products\/$/, policies: ["products.create.user", "products.create.ip"] },
  { method: "PUT|PATCH", pattern: new RegExp(`^/api/products/${ID}/$`), policies: ["products.update"] },
  { method: "DELETE", pattern: new RegExp(`^/api/products/${ID}/$`), policies: ["products.delete"] },
  { method: "POST", pattern: new RegExp(`^/api/products/${ID}/update_stock/$`), policies: ["products.update_stock"] },
  { method: "POST", pattern: /^\/api\/reviews\/$/, policies: ["reviews.create.user", "reviews.create.ip"] },
  { method: "PUT|PATCH", pattern: new RegExp(`^/api/reviews/${ID}/$`), policies: ["reviews.update"] },
  { method: "DELETE", pattern: new RegExp(`^/api/reviews/${ID}/$`), policies: ["reviews.delete"] },
  { method: "POST", pattern: new RegExp(`^/api/reviews/${ID}/(approve|reject)/$`), policies: ["reviews.moderate"] },
  { method: "POST|DELETE", pattern: new RegExp(`^/api/reviews/${ID}/mark_helpful/$`), policies: ["reviews.vote"] },
  { method: "POST", pattern: /^\/api\/files\/$/, policies: ["files.create.user", "files.create.ip"] },
  { method: "PUT|PATCH", pattern: new RegExp(`^/api/files/${ID}/$`), policies: ["files.update"] },
  { method: "DELETE", pattern: new RegExp(`^/api/files/${ID}/$`), policies: ["files.delete"] },
  { method: "POST", pattern: new RegExp(`^/api/files/${ID}/verify/$`), policies: ["files.verify"] },
  { method: "POST", pattern: /^\/api\/monitoring\/ai-actions\/trigger_monitoring\/$/, policies: ["monitoring.trigger"] },
  { method: "POST|PATCH|DELETE", pattern: /^\/api\/monitoring\//, policies: ["monitoring.act"] },
  { method: "POST|PATCH|DELETE", pattern: /^\/api\/webhooks\//, policies: ["webhooks.write"] },
];

/**
 * The policies that apply to an API request at the edge, most specific first; the general one last. `signedIn` is
 * "api_key" for a request that presents a key: the edge cannot check a key (no database), so it counts such
 * requests per IP, generously, and withApi counts each verified key against "api.key".
 */
export function policiesFor(method: string, pathname: string, signedIn: boolean | "api_key"): Policy[] {
  const path = pathname.endsWith("/") ? pathname : `${pathname}/`;
  const out: Policy[] = [];
  for (const rule of RULES) {
    if ((rule.method === "*" || rule.method.split("|").includes(method)) && rule.pattern.test(path)) {
      for (const n of rule.policies) out.push(policy(n));
      break;
    }
  }
  out.push(policy(signedIn === "api_key" ? "api.key.ip" : signedIn ? "api.user" : "api.anon"));
  return out;
}
