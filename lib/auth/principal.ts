import type { Permission } from "./permissions";

/** Who is calling: resolved from a bearer token or the session cookie, re-read from the database on each request. */
export type Principal = {
  userId: number;
  email: string;
  roles: string[];
  permissions: ReadonlySet<Permission>;
  sessionId: string | null;
  kind: "browser" | "api";
  amr: string[];
};

/**
 * Resolves the caller of a request. Sign-in does not exist yet (the identity issue adds it), so nobody is signed
 * in: every endpoint that needs a principal answers 401. Fails closed by construction.
 */
export async function resolvePrincipal(_req: Request): Promise<Principal | null> {
  return null;
}

export function hasPermission(principal: Principal | null, permission: Permission): boolean {
  return principal !== null && principal.permissions.has(permission);
}
