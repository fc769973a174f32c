import { decode } from "next-auth/jwt";
import { verifyAccessToken } from "@/lib/auth/access-token";
import { readCookie, sessionCookieName } from "@/lib/auth/session-cookie";
import { env } from "@/lib/env";

/**
 * Who a request claims to be, for rate-limit keys and the page gate only: signature checks, no database (the
 * handlers re-check the session row). Decoded cookies are cached briefly so the JWE is not decrypted on every request.
 */
const CACHE_MAX = 5_000;
const CACHE_MS = 30_000;
const cookieCache = new Map<string, { sub: string | null; at: number }>();

export async function cookieSubject(cookieHeader: string | null): Promise<string | null> {
  const name = sessionCookieName();
  const token = readCookie(cookieHeader, name);
  if (!token) return null;
  const hit = cookieCache.get(token);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.sub;
  let sub: string | null = null;
  try {
    const payload = await decode({ token, secret: env().AUTH_SECRET, salt: name });
    sub = payload && typeof payload.sub === "string" && typeof payload.sid === "string" ? payload.sub : null;
  } catch {
    sub = null;
  }
  if (cookieCache.size >= CACHE_MAX) cookieCache.clear();
  cookieCache.set(token, { sub, at: Date.now() });
  return sub;
}

/** The user id a request presents: a valid bearer token's subject, else the session cookie's. */
export async function requestSubject(headers: Headers): Promise<{ userId: string | null; via: "bearer" | "cookie" | null }> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    const claims = m ? await verifyAccessToken(m[1]!) : null;
    return { userId: claims?.sub ?? null, via: "bearer" };
  }
  const sub = await cookieSubject(headers.get("cookie"));
  return { userId: sub, via: sub ? "cookie" : null };
}

export function hasSessionCookie(cookieHeader: string | null): boolean {
  return readCookie(cookieHeader, sessionCookieName()) !== null;
}
