import { decode } from "next-auth/jwt";
import { env } from "@/lib/env";

/** The Auth.js session cookie: `__Secure-` prefixed when the shop is served over https. Edge-safe. */
export function sessionCookieName(): string {
  return env().APP_URL.startsWith("https://") ? "__Secure-authjs.session-token" : "authjs.session-token";
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The session id inside the encrypted Auth.js cookie of a request, or null. */
export async function sessionIdFromCookie(cookieHeader: string | null): Promise<string | null> {
  const name = sessionCookieName();
  const token = readCookie(cookieHeader, name);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: env().AUTH_SECRET, salt: name });
    return payload && typeof payload.sid === "string" ? payload.sid : null;
  } catch {
    return null;
  }
}

/** A Set-Cookie value that removes the session cookie. */
export function clearSessionCookie(): string {
  const secure = env().APP_URL.startsWith("https://") ? "; Secure" : "";
  return `${sessionCookieName()}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
}
