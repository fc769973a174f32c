import { verifyAccessToken } from "./access-token";
import type { Permission } from "./permissions";
import { sessionIdFromCookie } from "./session-cookie";
import { getLiveSession } from "./sessions";
import { loadUserAccess } from "./user-access";

/** Who is calling: resolved from a bearer token or the session cookie, re-read from the database on each request. */
export type Principal = {
  userId: number;
  email: string;
  roles: string[];
  permissions: ReadonlySet<Permission>;
  sessionId: string;
  kind: "browser" | "api";
  /** How the caller authenticated this session: "pwd", "otp", "mfa", "hwk", "user". */
  amr: string[];
  /** Bearer and API-key requests are exempt from the CSRF origin check; cookie requests are not. */
  via: "bearer" | "cookie" | "api_key";
  /** Set only for `via: "api_key"` (lib/auth/api-keys/authenticate.ts); its permissions are the key's scopes. */
  apiKey?: { id: string; prefix: string };
  isVerified: boolean;
};

/**
 * Resolves the caller of a request: `Authorization: Bearer <access token>` first, else the session cookie. In both
 * cases the session row must be live (not revoked, not expired) and the user active, and roles and permissions are
 * read afresh: a revoked session, a deactivated user or a role change takes effect on the next request. A bearer
 * header that is present but invalid never falls back to the cookie. Fails closed: any doubt gives null.
 */
export async function resolvePrincipal(req: Request): Promise<Principal | null> {
  const authorization = req.headers.get("authorization");
  let sessionId: string | null;
  let via: Principal["via"];
  let tokenUserId: number | null = null;
  if (authorization) {
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization);
    if (!match) return null;
    const claims = await verifyAccessToken(match[1]!);
    if (!claims) return null;
    sessionId = claims.sid;
    tokenUserId = Number(claims.sub);
    via = "bearer";
  } else {
    sessionId = await sessionIdFromCookie(req.headers.get("cookie"));
    via = "cookie";
  }
  if (!sessionId) return null;
  const session = await getLiveSession(sessionId);
  if (!session || (tokenUserId !== null && session.userId !== tokenUserId)) return null;
  const access = await loadUserAccess(session.userId);
  if (!access || !access.user.isActive) return null;
  return {
    userId: access.user.id,
    email: access.user.email,
    roles: access.roles,
    permissions: access.permissions,
    sessionId: session.id,
    kind: session.kind as Principal["kind"],
    amr: session.amr,
    via,
    isVerified: access.user.isVerified,
  };
}

export function hasPermission(principal: Principal | null, permission: Permission): boolean {
  return principal !== null && principal.permissions.has(permission);
}
