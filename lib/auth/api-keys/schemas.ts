import { z } from "zod";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { paginationQuery } from "@/lib/http/pagination";
import { plainTextSchema } from "@/lib/http/plain-text";
import { isoTimestamp } from "@/lib/openapi/doc";

export const MAX_ACTIVE_KEYS_PER_USER = 20;
export const MAX_KEY_LIFETIME_DAYS = 366;

/**
 * Permissions a key can never carry: each is, or can become, control of other accounts (roles:manage can make
 * anyone an admin; users:manage unlocks and revokes; webhooks:manage sends events — order and customer data — to
 * any URL the caller names). Those stay with a person who signed in.
 */
export const SCOPES_NOT_FOR_KEYS: readonly Permission[] = ["roles:manage", "users:manage", "webhooks:manage"];
export const KEY_SCOPES = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => !SCOPES_NOT_FOR_KEYS.includes(p)) as [Permission, ...Permission[]];
export const DEFAULT_KEY_LIFETIME_DAYS = 90;

export const apiKeyIdParams = z.strictObject({ id: z.uuid({ error: "must be an API key id" }) });

export const createApiKeySchema = z.strictObject({
  name: plainTextSchema("The name", { min: 1, max: 100, oneLine: true }),
  scopes: z
    .array(z.enum(KEY_SCOPES, { error: `must be one of ${KEY_SCOPES.join(", ")} (${SCOPES_NOT_FOR_KEYS.join(", ")} are never given to keys)` }), { error: "must be a list of permission codes" })
    .min(1, "must name at least one permission")
    .max(KEY_SCOPES.length, "has too many entries")
    .refine((list) => new Set(list).size === list.length, "must not repeat a permission"),
  expires_at: z
    .iso.datetime({ offset: true, error: "must be an ISO 8601 date and time with an offset, e.g. 2027-01-31T00:00:00Z" })
    .transform((v) => new Date(v))
    .refine((d) => d.getTime() > Date.now() + 60_000, "must be in the future")
    .refine((d) => d.getTime() <= Date.now() + MAX_KEY_LIFETIME_DAYS * 86_400_000, `must be at most ${MAX_KEY_LIFETIME_DAYS} days ahead`)
    .optional()
    .describe(`When the key stops working; ${DEFAULT_KEY_LIFETIME_DAYS} days from now when left out. Every key expires.`),
});
export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;

export const API_KEY_OWNERS = ["me", "all"] as const;
export const API_KEY_STATUSES = ["active", "expired", "revoked"] as const;

export const apiKeyListQuery = z.strictObject({
  ...paginationQuery,
  /** `all` (every user's keys) needs `users:manage`. */
  owner: z.enum(API_KEY_OWNERS, { error: "must be me or all" }).default("me"),
  status: z.enum(API_KEY_STATUSES, { error: `must be one of ${API_KEY_STATUSES.join(", ")}` }).optional(),
});
export type ApiKeyListQuery = z.output<typeof apiKeyListQuery>;

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe("The public start of the key, to recognise it; the whole key is shown only once."),
  scopes: z.array(z.enum(KEY_SCOPES)),
  owner: z.number().int(),
  owner_email: z.string(),
  status: z.enum(API_KEY_STATUSES),
  created_at: isoTimestamp,
  expires_at: isoTimestamp.nullable().describe("null only for keys made before every key had to expire"),
  last_used_at: isoTimestamp.nullable(),
  last_used_ip: z.string().nullable(),
  use_count: z.number().int().min(0),
  revoked_at: isoTimestamp.nullable(),
  revoked_reason: z.string().nullable(),
});
export type ApiKeyBody = z.input<typeof apiKeySchema>;

export const createdApiKeySchema = apiKeySchema.extend({
  key: z.string().describe("The API key. Shown this once: only its hash is stored."),
});
