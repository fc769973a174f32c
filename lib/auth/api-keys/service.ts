import { and, count, desc, eq, gt, isNotNull, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db/client";
import { apiKeys, users } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { assertFreshSession } from "@/lib/auth/freshness";
import { audit } from "@/lib/audit/write";
import { ApiError } from "@/lib/http/problem";
import { pageWindow } from "@/lib/http/pagination";
import type { RequestMeta } from "@/lib/security/request-meta";
import { generateApiKey } from "./format";
import { DEFAULT_KEY_LIFETIME_DAYS, MAX_ACTIVE_KEYS_PER_USER, type ApiKeyBody, type ApiKeyListQuery, type CreateApiKeyInput } from "./schemas";

type KeyRow = typeof apiKeys.$inferSelect;
type KeyWithOwner = { key: KeyRow; ownerEmail: string };

export function keyStatus(row: KeyRow, now = new Date()): ApiKeyBody["status"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

export function serializeApiKey({ key, ownerEmail }: KeyWithOwner): ApiKeyBody {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes as ApiKeyBody["scopes"],
    owner: key.userId,
    owner_email: ownerEmail,
    status: keyStatus(key),
    created_at: key.createdAt.toISOString(),
    expires_at: key.expiresAt?.toISOString() ?? null,
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    last_used_ip: key.lastUsedIp ?? null,
    use_count: key.useCount,
    revoked_at: key.revokedAt?.toISOString() ?? null,
    revoked_reason: key.revokedReason ?? null,
  };
}

const activeCondition = () => and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)));

/**
 * Creates a key for the caller. Only from a real sign-in made in the last few minutes (never with another key: a
 * leaked key must not mint more), and only with scopes the caller holds now.
 */
export async function createApiKey(principal: Principal, input: CreateApiKeyInput, meta: RequestMeta): Promise<{ body: ApiKeyBody; key: string }> {
  await assertFreshSession(principal, "Sign in again to create an API key.");
  const missing = input.scopes.filter((s) => !principal.permissions.has(s));
  if (missing.length) {
    throw new ApiError("forbidden", "A key cannot have permissions you do not have.", { errors: { scopes: [`You do not have: ${missing.join(", ")}.`] } });
  }
  const generated = generateApiKey();
  const row = await db().transaction(async (tx) => {
    // serialises key creation per user, so the cap below cannot be raced past
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('api_keys'), ${principal.userId}::int)`);
    const [{ n }] = (await tx.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.userId, principal.userId), activeCondition()))) as [{ n: number }];
    if (n >= MAX_ACTIVE_KEYS_PER_USER) {
      throw new ApiError("conflict", `You already have ${MAX_ACTIVE_KEYS_PER_USER} active API keys; revoke one first.`);
    }
    const [created] = await tx
      .insert(apiKeys)
      .values({
        userId: principal.userId,
        name: input.name,
        prefix: generated.prefix,
        keyHash: generated.hash,
        scopes: input.scopes,
        expiresAt: input.expires_at ?? new Date(Date.now() + DEFAULT_KEY_LIFETIME_DAYS * 86_400_000),
      })
      .returning();
    await audit(
      { action: "API_KEY_CREATED", targetType: "API_KEY", targetId: created!.id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { prefix: created!.prefix, scopes: input.scopes, expires_at: created!.expiresAt?.toISOString() ?? null } },
      tx,
    );
    return created!;
  });
  return { body: serializeApiKey({ key: row, ownerEmail: principal.email }), key: generated.key };
}

function listConditions(principal: Principal, query: Pick<ApiKeyListQuery, "owner" | "status">): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (query.owner === "all") {
    if (!principal.permissions.has("users:manage")) throw new ApiError("forbidden", "Only administrators may list every user's keys.");
  } else {
    conditions.push(eq(apiKeys.userId, principal.userId));
  }
  if (query.status === "active") conditions.push(activeCondition());
  if (query.status === "revoked") conditions.push(isNotNull(apiKeys.revokedAt));
  if (query.status === "expired") conditions.push(and(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, sql`now()`)));
  return and(...conditions);
}

export async function listApiKeys(principal: Principal, query: ApiKeyListQuery): Promise<{ count: number; rows: KeyWithOwner[] }> {
  const where = listConditions(principal, query);
  const { limit, offset } = pageWindow(query.page, query.page_size);
  const [{ n }] = (await db().select({ n: count() }).from(apiKeys).where(where)) as [{ n: number }];
  const rows = await db()
    .select({ key: apiKeys, ownerEmail: users.email })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(where)
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(limit)
    .offset(offset);
  return { count: n, rows };
}

/** One key: the owner's, or anyone's for `users:manage`. Someone else's key is a 404, never a 403. */
export async function getApiKey(principal: Principal, id: string): Promise<KeyWithOwner> {
  const [row] = await db().select({ key: apiKeys, ownerEmail: users.email }).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.userId)).where(eq(apiKeys.id, id));
  if (!row || (row.key.userId !== principal.userId && !principal.permissions.has("users:manage"))) throw new ApiError("not_found", "Not found.");
  return row;
}

/** Revokes at once: the next request with the key is refused (every request reads the row). Idempotent. */
export async function revokeApiKey(principal: Principal, id: string, meta: RequestMeta): Promise<KeyWithOwner> {
  const found = await getApiKey(principal, id);
  if (found.key.revokedAt) return found;
  const reason = found.key.userId === principal.userId ? "revoked_by_owner" : "revoked_by_admin";
  const [row] = await db()
    .update(apiKeys)
    .set({ revokedAt: sql`now()`, revokedByUserId: principal.userId, revokedReason: reason })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  await audit({ action: "API_KEY_REVOKED", targetType: "API_KEY", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { prefix: found.key.prefix, owner: found.key.userId, reason } });
  return { key: row ?? found.key, ownerEmail: found.ownerEmail };
}
