import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import type { Permission } from "./permissions";
import { resolvePrincipal, type Principal } from "./principal";

/**
 * The signed-in user of the page or server action being rendered (same rules as the API), or null. Cached for the
 * request: the header and the page share one lookup.
 */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const h = new Headers(await headers());
  // Pages and actions never take a bearer token: a key or token must not open the browser UI.
  h.delete("authorization");
  return resolvePrincipal(new Request(env().APP_URL, { headers: h }));
});

/** For pages: sends anonymous visitors to /login?next=<this page>; returns the principal otherwise. */
export async function requireUser(nextPath: string): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect(`/login?next=${encodeURIComponent(nextPath)}`);
  return principal;
}

/** For pages: the principal if it holds the permission; null means "render the 403 message". */
export async function requirePermission(nextPath: string, permission: Permission): Promise<Principal | null> {
  const principal = await requireUser(nextPath);
  return principal.permissions.has(permission) ? principal : null;
}
