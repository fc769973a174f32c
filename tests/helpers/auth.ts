import { encode } from "next-auth/jwt";
import { db } from "@/db/client";
import { signAccessToken } from "@/lib/auth/access-token";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { createSession } from "@/lib/auth/sessions";
import { loadUserAccess } from "@/lib/auth/user-access";
import { env } from "@/lib/env";

const meta = { ip: "203.0.113.10", userAgent: "vitest", requestId: null };

/**
 * A real API session for a user (a sessions row and a signed access token), as a sign-in would create:
 * use `headers` on requests. Nothing is mocked: the app verifies the token and the session row as usual.
 */
export async function bearerFor(user: { id: number }, amr: string[] = ["pwd"]) {
  const access = await loadUserAccess(user.id);
  if (!access) throw new Error(`no user ${user.id}`);
  const session = await createSession(db(), { userId: user.id, kind: "api", amr, meta });
  const token = await signAccessToken({ userId: user.id, sessionId: session.id, roles: access.roles, amr });
  return { token, sessionId: session.id, headers: { authorization: `Bearer ${token}` } };
}

/** A real browser session: the encrypted Auth.js cookie naming a sessions row, plus a same-origin Origin header. */
export async function cookieFor(user: { id: number }, amr: string[] = ["pwd"]) {
  const session = await createSession(db(), { userId: user.id, kind: "browser", amr, meta });
  const name = sessionCookieName();
  const value = await encode({ token: { sub: String(user.id), sid: session.id }, secret: env().AUTH_SECRET, salt: name });
  return {
    sessionId: session.id,
    headers: { cookie: `${name}=${value}`, origin: new URL(env().APP_URL).origin },
  };
}

/**
 * An admin signed in by bearer token, and the callers an admin endpoint must refuse with 403: a customer and a
 * seller, each by bearer token and by cookie. Call from beforeAll.
 */
export async function adminAndDeniedCallers() {
  const { createUser } = await import("./factories");
  const admin = await createUser({ roles: ["ADMIN", "CUSTOMER"] });
  const adminAuth = (await bearerFor(admin)).headers;
  const customer = await createUser({ roles: ["CUSTOMER"] });
  const seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
  const denied = [
    { label: "customer bearer", headers: (await bearerFor(customer)).headers },
    { label: "customer cookie", headers: (await cookieFor(customer)).headers },
    { label: "seller bearer", headers: (await bearerFor(seller)).headers },
    { label: "seller cookie", headers: (await cookieFor(seller)).headers },
  ];
  return { admin, adminAuth, denied };
}
