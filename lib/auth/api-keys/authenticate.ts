import { eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import type { Permission } from "@/lib/auth/permissions";
import { resolvePrincipal, type Principal } from "@/lib/auth/principal";
import { loadUserAccess } from "@/lib/auth/user-access";
import { audit } from "@/lib/audit/write";
import type { RequestMeta } from "@/lib/security/request-meta";
import { hashApiKey, keyMatchesHash, prefixOf } from "./format";
import { presentedApiKey } from "./presented";
import { SCOPES_NOT_FOR_KEYS } from "./schemas";
import { keyStatus } from "./service";

export type KeyFailure = "malformed" | "unknown" | "revoked" | "expired" | "owner_inactive";

/**
 * Checks a presented key on every request (no cache: a revocation, an expiry, a role change or a locked owner takes
 * effect on the next request). The principal's permissions are the key's scopes that the owner still holds.
 */
export async function authenticateApiKey(key: string, meta: RequestMeta): Promise<{ principal: Principal } | { failure: KeyFailure; keyId?: string; userId?: number }> {
  const prefix = prefixOf(key);
  if (!prefix) return { failure: "malformed" };
  const [row] = await db().select().from(apiKeys).where(eq(apiKeys.prefix, prefix)).limit(1);
  // an unknown prefix still pays for one hash, so timing says nothing about which prefixes exist
  if (!row) {
    hashApiKey(key);
    return { failure: "unknown" };
  }
  if (!keyMatchesHash(key, row.keyHash)) return { failure: "unknown", keyId: row.id };
  const status = keyStatus(row);
  if (status !== "active") return { failure: status, keyId: row.id, userId: row.userId };
  const access = await loadUserAccess(row.userId);
  // A sign-in lockout (wrong passwords, or the monitoring agent's lock) guards the password door, not this key:
  // anyone can trigger one by guessing, so it must not switch an owner's integrations off. Deactivation does.
  if (!access || !access.user.isActive) return { failure: "owner_inactive", keyId: row.id, userId: row.userId };

  await db()
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()`, lastUsedIp: meta.ip, useCount: sql`${apiKeys.useCount} + 1` })
    .where(eq(apiKeys.id, row.id));
  // the key's scopes that its owner still holds, never one kept from keys (even if a row says otherwise)
  const permissions = new Set<Permission>((row.scopes as Permission[]).filter((s) => access.permissions.has(s) && !SCOPES_NOT_FOR_KEYS.includes(s)));
  return {
    principal: {
      userId: access.user.id,
      email: access.user.email,
      roles: access.roles,
      permissions,
      // a key is not a session: this id matches no session row, so session-bound checks (freshness) fail closed
      sessionId: row.id,
      kind: "api",
      amr: ["key"],
      via: "api_key",
      apiKey: { id: row.id, prefix: row.prefix },
      isVerified: access.user.isVerified,
    },
  };
}

/** Every request made with a key, in the audit log: which key, what was asked, what was answered. */
export async function auditApiKeyUse(principal: Principal, req: Request, status: number, meta: RequestMeta): Promise<void> {
  if (!principal.apiKey) return;
  const url = new URL(req.url);
  await audit({
    action: "API_KEY_USED",
    targetType: "API_KEY",
    targetId: principal.apiKey.id,
    result: status < 400 ? "SUCCESS" : status === 401 || status === 403 || status === 429 ? "BLOCKED" : "FAILURE",
    actorUserId: principal.userId,
    meta,
    metadata: { prefix: principal.apiKey.prefix, method: req.method, path: url.pathname.slice(0, 200), status },
  });
}

/** A refused key, in the audit log (the monitoring agent's token-reuse and stuffing rules read these). */
export async function auditApiKeyFailure(failure: KeyFailure, presented: string | null, meta: RequestMeta, ids: { keyId?: string; userId?: number }): Promise<void> {
  await audit({
    action: "API_KEY_REJECTED",
    targetType: "API_KEY",
    targetId: ids.keyId ?? null,
    result: "FAILURE",
    actorUserId: null,
    meta,
    metadata: { reason: failure, prefix: presented ? prefixOf(presented) : null, owner: ids.userId ?? null },
  });
}

export type CallerResult = { principal: Principal | null } | { failure: KeyFailure; presented: string | null; keyId?: string; userId?: number };

/**
 * Who is calling: the API key the request presents (checked), else its bearer token or session cookie. A key that
 * does not check out is a failure, never a fall-back to the other credentials.
 */
export async function resolveCaller(req: Request, meta: RequestMeta): Promise<CallerResult> {
  const presented = presentedApiKey(req.headers);
  if (!presented) return { principal: await resolvePrincipal(req) };
  if (!("key" in presented)) return { failure: "malformed", presented: null };
  const result = await authenticateApiKey(presented.key, meta);
  return "principal" in result ? result : { ...result, presented: presented.key };
}

/** The caller of a request already under way (a stream re-checking who is on the other end); null once it no longer holds. */
export async function recheckCaller(req: Request, meta: RequestMeta): Promise<Principal | null> {
  const result = await resolveCaller(req, meta);
  return "principal" in result ? result.principal : null;
}
