import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { presentedApiKey } from "@/lib/auth/api-keys/presented";
import { env } from "@/lib/env";
import { accountKey } from "@/lib/ratelimit/account-key";
import { rateLimitHeaders } from "@/lib/ratelimit/headers";
import { checkLimits, drainLimiterEvents } from "@/lib/ratelimit/limiter";
import { LIMITER_EVENTS_PATH } from "@/lib/security/internal-paths";
import { policiesFor } from "@/lib/ratelimit/policies";
import { clientIpFromForwardedFor } from "@/lib/security/client-ip";
import { corsHeaders, preflightHeaders } from "@/lib/security/cors";
import { API_CSP, buildPageCsp, DOCS_CSP, newNonce } from "@/lib/security/csp";
import { isSafeMethod, isTrustedOrigin } from "@/lib/security/csrf";
import { cookieSubject, requestSubject } from "@/lib/security/edge-identity";
import { staticSecurityHeaders } from "@/lib/security/headers";
import { internalAuthHeader, internalBaseUrl } from "@/lib/security/internal-auth";
import { NETWORK_REQUEST_HEADER } from "@/lib/security/internal-paths";
import { isIpBlocked, refreshIpBlocks, withOverride } from "@/lib/security/ip-blocks-edge";

/**
 * Edge middleware: a small dispatcher, each concern a function in lib/. Web APIs only (so a move to `proxy.ts`
 * would be a rename), no database. Everything that can be computed once is computed once, below.
 * Order: IP block → API (CORS preflight, CSRF, rate limits, locked-down CSP) | pages (session gate, CSP nonce).
 */

type Config = {
  headers: ReadonlyArray<readonly [string, string]>;
  pageCsp: (nonce: string) => string;
  origins: ReadonlySet<string>;
  trustedHops: number;
};
let settings: Config | undefined;
function cfg(): Config {
  if (!settings) {
    const e = env();
    const https = e.APP_URL.startsWith("https://");
    settings = {
      headers: staticSecurityHeaders({ hsts: https && e.isProduction }),
      pageCsp: buildPageCsp({ dev: e.NODE_ENV === "development", https }),
      origins: new Set(e.CORS_ALLOWED_ORIGINS),
      trustedHops: e.TRUSTED_PROXY_HOPS,
    };
  }
  return settings;
}

const GATED = /^\/(account|seller|admin|checkout)(\/|$)/;
const STATIC = /^\/(_next\/static|_next\/image|favicon\.ico|icon\.svg)/;
const ACCOUNT_BODY_PATHS = /^\/api\/auth\/(login|token|password\/reset)\/?$/;
const REPORT_EVERY_MS = 10_000;
/** The API reference is the one HTML page under /api: it gets its own CSP (its stylesheet; still no script). */
const DOCS_PAGE = /^\/api\/docs\/?$/;
/**
 * Next's image optimiser fetches a local `src` (a product image, /api/files/{id}/download/) by replaying it through
 * this middleware in-process (next/dist/server/image-optimizer.js, fetchInternalImage). That request carries only the
 * requester's TCP peer as X-Forwarded-For — behind a proxy, or on loopback, one address for every shopper — so its
 * api.anon count was shared by the whole shop: after 100 optimisations an hour every new image failed with 429.
 * scripts/server.ts marks every request from the network; the optimiser's has no mark. It stays anonymous (no
 * cookie, no token), so the route serves it public released files only.
 */
const OPTIMISER_FETCH = /^\/api\/files\/\d+\/download\/?$/;
const isOptimiserFetch = (req: NextRequest) => req.method === "GET" && !req.headers.has(NETWORK_REQUEST_HEADER) && OPTIMISER_FETCH.test(req.nextUrl.pathname);
let lastReport = 0;

function withSecurityHeaders(res: Response, csp: string): Response {
  for (const [k, v] of cfg().headers) res.headers.set(k, v);
  res.headers.set("Content-Security-Policy", csp);
  return res;
}

function problem(status: number, title: string, detail: string, extra: Record<string, string> = {}): Response {
  const requestId = crypto.randomUUID();
  const body = JSON.stringify({ type: `/problems/${title.toLowerCase().replace(/\s+/g, "-")}`, title, status, detail, request_id: requestId });
  return new Response(body, {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", "x-request-id": requestId, ...extra },
  });
}

async function bodyAccount(req: NextRequest): Promise<string | null> {
  if (req.method !== "POST" || !ACCOUNT_BODY_PATHS.test(req.nextUrl.pathname)) return null;
  try {
    const body = (await req.clone().json()) as { email?: unknown };
    return typeof body.email === "string" && body.email ? accountKey(body.email) : null;
  } catch {
    return null;
  }
}

/** Sends what the limiter went through (shared-store failures, denials) to this instance's handler, every 10 s. */
function reportLimiterEvents(event: NextFetchEvent): void {
  if (Date.now() - lastReport < REPORT_EVERY_MS) return;
  lastReport = Date.now();
  const events = drainLimiterEvents();
  if (!events.failures && !events.denials.length && !events.degraded) return;
  event.waitUntil(
    (async () => {
      try {
        await fetch(`${internalBaseUrl()}${LIMITER_EVENTS_PATH}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-internal-auth": await internalAuthHeader(LIMITER_EVENTS_PATH) },
          body: JSON.stringify(events),
          signal: AbortSignal.timeout(2_000),
        });
      } catch {
        // the next report carries on; the counters were drained, the audit gap is one interval at most
      }
    })(),
  );
}

async function handleApi(req: NextRequest, event: NextFetchEvent, ip: string | null): Promise<Response> {
  const { origins } = cfg();
  const origin = req.headers.get("origin");
  if (req.method === "OPTIONS") {
    return withSecurityHeaders(new Response(null, { status: 204, headers: Object.fromEntries(preflightHeaders(origin, origins)) }), API_CSP);
  }
  const cors = corsHeaders(origin, origins);
  const subject = await requestSubject(req.headers);
  if (subject.via === "cookie" && !isSafeMethod(req.method) && !isTrustedOrigin(req.headers)) {
    return withSecurityHeaders(problem(403, "Forbidden", "Cross-site request refused: the Origin is not this shop."), API_CSP);
  }
  const presented = presentedApiKey(req.headers);
  // only a well-formed key moves a request off api.anon (the handler then checks it and counts it per key and owner)
  const signedIn = subject.userId !== null || (presented !== null && "key" in presented ? "api_key" : false);
  const decision = await checkLimits(policiesFor(req.method, req.nextUrl.pathname, signedIn).map(withOverride), {
    ip,
    userId: subject.userId,
    account: await bodyAccount(req),
  });
  reportLimiterEvents(event);
  if (decision && !decision.success) {
    const headers = rateLimitHeaders(decision);
    const res = problem(429, "Too Many Requests", `Rate limit exceeded (${decision.policy}). Retry after ${headers["RateLimit-Reset"]} seconds.`, {
      ...headers,
      "Retry-After": headers["RateLimit-Reset"]!,
      ...Object.fromEntries(cors),
    });
    return withSecurityHeaders(res, API_CSP);
  }
  const res = NextResponse.next();
  if (decision) for (const [k, v] of Object.entries(rateLimitHeaders(decision))) res.headers.set(k, v);
  for (const [k, v] of cors) res.headers.set(k, v);
  res.headers.append("Vary", "Origin");
  return withSecurityHeaders(res, DOCS_PAGE.test(req.nextUrl.pathname) ? DOCS_CSP : API_CSP);
}

async function handlePage(req: NextRequest): Promise<Response> {
  const { pathname, search } = req.nextUrl;
  if (GATED.test(pathname) && !(await cookieSubject(req.headers.get("cookie")))) {
    const login = new URL("/login", req.url);
    login.searchParams.set("next", `${pathname}${search}`);
    return withSecurityHeaders(NextResponse.redirect(login, 307), API_CSP);
  }
  const nonce = newNonce();
  const csp = cfg().pageCsp(nonce);
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export async function middleware(req: NextRequest, event: NextFetchEvent): Promise<Response> {
  const { pathname } = req.nextUrl;
  // benchmark only: the framework's own cost of running a middleware at all (see scripts/bench.ts)
  if (pathname === "/__bench/noop/health") return NextResponse.next();
  // the image optimiser serves our (public, released) product images: a blocked client is refused there too
  if (STATIC.test(pathname) && !pathname.startsWith("/_next/image")) return withSecurityHeaders(NextResponse.next(), API_CSP);
  if (isOptimiserFetch(req)) return withSecurityHeaders(NextResponse.next(), API_CSP);

  const ip = clientIpFromForwardedFor(req.headers.get("x-forwarded-for"), cfg().trustedHops);
  const refresh = refreshIpBlocks();
  if (refresh) event.waitUntil(refresh);
  if (isIpBlocked(ip)) {
    return withSecurityHeaders(problem(403, "Forbidden", "Requests from your network are temporarily blocked."), API_CSP);
  }
  if (pathname.startsWith("/_next/image")) return withSecurityHeaders(NextResponse.next(), API_CSP);
  if (pathname.startsWith("/api/internal/")) return withSecurityHeaders(NextResponse.next(), API_CSP);
  if (pathname === "/api" || pathname.startsWith("/api/")) return handleApi(req, event, ip);
  return handlePage(req);
}

export const config = {
  // everything except the benchmark's bypass path (scripts/bench.ts measures the app without any middleware there)
  matcher: ["/((?!__bench/bypass/).*)"],
};
