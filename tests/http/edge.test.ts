import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstashLocal } from "@/scripts/upstash-local";
import { createDatabase, dropDatabase, SHARED_SECRETS, sql, startInstance, startRedis, stopEverything, type Instance } from "./harness";

/**
 * The edge middleware over HTTP against the production build: headers and CSP nonces, the session gate, CORS and
 * CSRF, rate limits on both backends (Upstash through the local REST server and a real Redis; in memory), limits
 * shared by two instances, a forged X-Forwarded-For, Redis stopped mid-test, IP blocks, and a real 500.
 */
let a: Instance; // Upstash backend, PostgreSQL
let b: Instance; // a second instance sharing A's database and Upstash
let c: Instance; // in-memory limiter, embedded database
let pgUrl: string;
let redisStop: () => Promise<void>;
let upstashClose: () => Promise<void>;
const ORIGIN = "https://client.example";

beforeAll(async () => {
  const redis = await startRedis(6391);
  redisStop = redis.stop;
  const upstash = await startUpstashLocal({ port: 8091, redisUrl: redis.url, token: "http-test-token" });
  upstashClose = upstash.close;
  pgUrl = await createDatabase();
  const shared = {
    DATABASE_URL: pgUrl,
    UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8091",
    UPSTASH_REDIS_REST_TOKEN: "http-test-token",
    TRUSTED_PROXY_HOPS: "1",
    CORS_ALLOWED_ORIGINS: ORIGIN,
  };
  // A migrates and seeds first; B then finds the database ready
  a = await startInstance(3301, shared);
  [b, c] = await Promise.all([startInstance(3302, shared), startInstance(3303, { TRUSTED_PROXY_HOPS: "1" })]);
}, 300_000);

afterAll(async () => {
  await upstashClose?.();
  await stopEverything();
}, 60_000);

let ipCounter = 10;
/** A fresh client address: with TRUSTED_PROXY_HOPS=1 the client is the entry the (test) proxy appended. */
const freshIp = () => `198.18.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;
const asClient = (ip: string, forged?: string) => ({ "x-forwarded-for": forged ? `${forged}, ${ip}` : ip });

const EXPECTED_HEADERS: Record<string, string | RegExp> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": /publickey-credentials-get=\(self\).*|.*publickey-credentials-get=\(self\)/,
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "content-security-policy": /frame-ancestors 'none'/,
};

function expectSecurityHeaders(res: Response, label: string) {
  for (const [name, value] of Object.entries(EXPECTED_HEADERS)) {
    const actual = res.headers.get(name);
    expect(actual, `${label}: ${name}`).not.toBeNull();
    if (typeof value === "string") expect(actual, `${label}: ${name}`).toBe(value);
    else expect(actual, `${label}: ${name}`).toMatch(value);
  }
  expect(res.headers.get("x-powered-by"), label).toBeNull();
}

describe("security headers", () => {
  it("are on a page, an API answer, a page 404, an API 404, a static file and a 500", async () => {
    const page = await fetch(`${c.url}/`, { headers: asClient(freshIp()) });
    expect(page.status).toBe(200);
    expectSecurityHeaders(page, "page");
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(csp).not.toMatch(/unsafe-inline'[^;]*;[^;]*script|script-src[^;]*unsafe-(inline|eval)/);
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) expect(csp).toContain(d);

    const api = await fetch(`${c.url}/api/products/?page_size=1`, { headers: asClient(freshIp()) });
    expect(api.status).toBe(200);
    expectSecurityHeaders(api, "api");
    expect(api.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);

    const missingPage = await fetch(`${c.url}/no/such/page`, { headers: asClient(freshIp()) });
    expect(missingPage.status).toBe(404);
    expectSecurityHeaders(missingPage, "page 404");
    const missingApi = await fetch(`${c.url}/api/no/such/thing/`, { headers: asClient(freshIp()) });
    expect(missingApi.status).toBe(404);
    expectSecurityHeaders(missingApi, "api 404");
    const icon = await fetch(`${c.url}/icon.svg`);
    expect(icon.status).toBe(200);
    expectSecurityHeaders(icon, "static");

    // a real 500: the instance's database disappears under it
    const doomed = await createDatabase();
    const d = await startInstance(3304, { DATABASE_URL: doomed, TRUSTED_PROXY_HOPS: "1" });
    await dropDatabase(doomed);
    const broken = await fetch(`${d.url}/api/products/`, { headers: asClient(freshIp()) });
    expect(broken.status).toBe(500);
    expectSecurityHeaders(broken, "500");
    const body = (await broken.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 500, title: "Internal Server Error" });
    expect(JSON.stringify(body)).not.toMatch(/database|does not exist|shop_http|at \//i);
    await d.stop();
  }, 120_000);

  it("gives every page a fresh nonce, and it is the one on the page's scripts", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${c.url}/products`, { headers: asClient(freshIp()) });
      const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy")!)![1]!;
      const html = await res.text();
      const scriptNonces = [...html.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((m) => m[1]);
      expect(scriptNonces.length).toBeGreaterThan(0);
      expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
      expect(html).not.toMatch(/<script(?![^>]*nonce=)[^>]*>/);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(3);
  });
});

describe("session gate", () => {
  it("sends anonymous visitors of /account, /seller and /admin to the login page with a same-site next", async () => {
    for (const path of ["/account", "/account/security", "/seller", "/admin/users?search=x"]) {
      const res = await fetch(`${c.url}${path}`, { redirect: "manual", headers: asClient(freshIp()) });
      expect(res.status, path).toBe(307);
      const location = new URL(res.headers.get("location")!, c.url);
      expect(location.pathname).toBe("/login");
      expect(location.searchParams.get("next")).toBe(path);
      expectSecurityHeaders(res, path);
    }
    // a forged cookie is no session
    const forged = await fetch(`${c.url}/account`, { redirect: "manual", headers: { cookie: "authjs.session-token=forged.value.here" } });
    expect(forged.status).toBe(307);
  });

  it("lets a signed cookie through to the page, which checks the session itself", async () => {
    const value = await encode({ token: { sub: "999999", sid: "00000000-0000-4000-8000-000000000000" }, secret: SHARED_SECRETS.AUTH_SECRET, salt: "authjs.session-token" });
    const res = await fetch(`${c.url}/account`, { redirect: "manual", headers: { cookie: `authjs.session-token=${value}` } });
    // past the edge: the page finds no live session for it and sends the visitor to log in itself
    expect(res.headers.get("location") ?? "").not.toBe("");
    expect([200, 307]).toContain(res.status);
  });
});

describe("CORS and CSRF", () => {
  it("answers preflights for listed origins only, never with *", async () => {
    const ok = await fetch(`${a.url}/api/products/`, { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": "GET", ...asClient(freshIp()) } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(ok.headers.get("access-control-allow-credentials")).toBe("true");
    expect(ok.headers.get("access-control-allow-methods")).toContain("PATCH");
    const evil = await fetch(`${a.url}/api/products/`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    const get = await fetch(`${a.url}/api/products/?page_size=1`, { headers: { origin: ORIGIN, ...asClient(freshIp()) } });
    expect(get.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(get.headers.get("vary")).toMatch(/Origin/);
    const other = await fetch(`${a.url}/api/products/?page_size=1`, { headers: { origin: "https://evil.example", ...asClient(freshIp()) } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses cookie-authenticated writes from another origin at the edge; bearer requests are exempt", async () => {
    const value = await encode({ token: { sub: "1", sid: "00000000-0000-4000-8000-000000000001" }, secret: SHARED_SECRETS.AUTH_SECRET, salt: "authjs.session-token" });
    const cookie = `authjs.session-token=${value}`;
    const crossSite = await fetch(`${a.url}/api/auth/logout/`, { method: "POST", headers: { cookie, origin: "https://evil.example", ...asClient(freshIp()) } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("content-type")).toBe("application/problem+json");
    const noOrigin = await fetch(`${a.url}/api/auth/logout/`, { method: "POST", headers: { cookie, ...asClient(freshIp()) } });
    expect(noOrigin.status).toBe(403);
    // a bearer request without Origin reaches the handler (401 there: the token is not valid)
    const bearer = await fetch(`${a.url}/api/auth/logout/`, { method: "POST", headers: { authorization: "Bearer not.a.token", ...asClient(freshIp()) } });
    expect(bearer.status).toBe(401);
  });
});

async function exhaust(url: string, init: () => RequestInit, limit: number) {
  const statuses: number[] = [];
  for (let i = 0; i < limit; i++) statuses.push((await fetch(url, init())).status);
  return statuses;
}

// before "rate limits over HTTP": that block stops Redis, and this one needs the store the instances share
describe("API keys at the edge", () => {
  it("a well-formed key moves a request to api.key.ip; a malformed one stays api.anon and is 401; a key's per-owner limit holds across instances and IPs", async () => {
    const ip = freshIp();
    const token = await fetch(`${a.url}/api/auth/token/`, { method: "POST", headers: { "content-type": "application/json", ...asClient(ip) }, body: JSON.stringify({ email: "seller@example.com", password: "Demo-Shop-2026!" }) });
    expect(token.status).toBe(200);
    const bearer = { authorization: `Bearer ${((await token.json()) as { access: string }).access}` };
    const created = await fetch(`${a.url}/api/auth/api-keys/`, { method: "POST", headers: { "content-type": "application/json", ...bearer, ...asClient(ip) }, body: JSON.stringify({ name: "edge test", scopes: ["products:write"] }) });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };

    const keyed = await fetch(`${a.url}/api/products/?page_size=100`, { headers: { "x-api-key": key, ...asClient(freshIp()) } });
    expect(keyed.status).toBe(200);
    expect(keyed.headers.get("ratelimit-limit")).toBe("3000");
    const junk = await fetch(`${a.url}/api/products/`, { headers: { "x-api-key": "junk", ...asClient(freshIp()) } });
    expect(junk.status).toBe(401);
    expect(junk.headers.get("ratelimit-limit")).toBe("100");

    // products.update_stock is 5 a minute per user: a key's requests count for its owner, whatever instance or IP
    const mine = ((await keyed.json()) as { results: { id: number; seller_email: string }[] }).results.find((p) => p.seller_email === "seller@example.com")!;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const instance = i % 2 === 0 ? a : b;
      const res = await fetch(`${instance.url}/api/products/${mine.id}/update_stock/`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": key, ...asClient(freshIp()) }, body: JSON.stringify({ quantity: 50 + i }) });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe("rate limits over HTTP", () => {
  it("two instances share one limit through Upstash, with Retry-After and RateLimit-* on the 429", async () => {
    const ip = freshIp();
    const init = () => ({ method: "POST", headers: { "content-type": "application/json", ...asClient(ip) }, body: "{}" });
    // auth.register: 5 per hour per IP — 3 on A, 2 on B, the 6th on either is refused
    const first = [...(await exhaust(`${a.url}/api/auth/register/`, init, 3)), ...(await exhaust(`${b.url}/api/auth/register/`, init, 2))];
    expect(first).toEqual([400, 400, 400, 400, 400]);
    const refused = await fetch(`${a.url}/api/auth/register/`, init());
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-limit")).toBe("5");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/auth\.register/);
    expect((await fetch(`${b.url}/api/auth/register/`, init())).status).toBe(429);
    // another client is not affected
    expect((await fetch(`${b.url}/api/auth/register/`, { ...init(), headers: { "content-type": "application/json", ...asClient(freshIp()) } })).status).toBe(400);
  });

  it("a rotated forged X-Forwarded-For does not reset the limit (both backends)", async () => {
    for (const inst of [a, c]) {
      const ip = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${inst.url}/api/auth/login/`, {
          method: "POST",
          headers: { "content-type": "application/json", ...asClient(ip, `10.${i}.${i}.${i}`) },
          body: JSON.stringify({ email: `nobody${i}@test.example`, password: "x" }),
        });
        statuses.push(res.status);
      }
      // auth.login.ip: 10 per minute per client IP, whatever the forged left-hand entries say
      expect(statuses.slice(0, 10).every((s) => s === 401), `${inst.url}: ${statuses}`).toBe(true);
      expect(statuses.slice(10), `${inst.url}`).toEqual([429, 429]);
    }
  });

  it("per-account login limit counts the account across client IPs", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(`${c.url}/api/auth/token/`, {
        method: "POST",
        headers: { "content-type": "application/json", ...asClient(freshIp()) },
        body: JSON.stringify({ email: "Target.Account@Example.com", password: `guess-${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("keeps answering when Redis stops mid-test: the limiter degrades to memory and the failure is recorded", async () => {
    const ip = freshIp();
    expect((await fetch(`${a.url}/api/products/?page_size=1`, { headers: asClient(ip) })).status).toBe(200);
    await redisStop();
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await fetch(`${a.url}/api/products/?page_size=1`, { headers: asClient(ip) })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000); // bounded: no request waits on the dead store
    // the degraded limiter still limits: auth.login.ip allows 10 per minute
    const loginIp = freshIp();
    const logins: number[] = [];
    for (let i = 0; i < 11; i++) {
      logins.push(
        (await fetch(`${a.url}/api/auth/login/`, { method: "POST", headers: { "content-type": "application/json", ...asClient(loginIp) }, body: JSON.stringify({ email: "x@test.example", password: "y" }) })).status,
      );
    }
    expect(logins[10]).toBe(429);
    // the middleware reports the failure to its handler within its 10-second reporting interval
    let rows: { action: string }[] = [];
    for (let i = 0; i < 30 && !rows.length; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      await fetch(`${a.url}/api/products/?page_size=1`, { headers: asClient(freshIp()) });
      rows = await sql(pgUrl, "select action from audit_log where action = 'RATE_LIMITER_DEGRADED'");
    }
    expect(rows.length).toBeGreaterThan(0);
  }, 60_000);
});

describe("IP blocks", () => {
  it("refuses a blocked IP at the edge within seconds, serves everyone else, and lets it back after expiry", async () => {
    const blocked = freshIp();
    const other = freshIp();
    await sql(pgUrl, "insert into ip_blocks (ip, reason, expires_at) values ($1, 'test block', now() + interval '8 seconds')", [blocked]);
    let status = 0;
    for (let i = 0; i < 20 && status !== 403; i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await fetch(`${b.url}/`, { headers: asClient(blocked) })).status;
    }
    expect(status).toBe(403);
    expect((await fetch(`${b.url}/api/products/?page_size=1`, { headers: asClient(blocked) })).status).toBe(403);
    expect((await fetch(`${b.url}/`, { headers: asClient(other) })).status).toBe(200);
    // expiry
    let after = 403;
    for (let i = 0; i < 30 && after === 403; i++) {
      await new Promise((r) => setTimeout(r, 500));
      after = (await fetch(`${b.url}/`, { headers: asClient(blocked) })).status;
    }
    expect(after).toBe(200);
  }, 60_000);
});
