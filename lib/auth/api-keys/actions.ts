"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runUserAction, type ActionFailure } from "@/lib/http/server-action";
import { createApiKeySchema } from "./schemas";
import { createApiKey, revokeApiKey } from "./service";

export type CreateKeyState = { ok: true; detail: string; key: string; prefix: string } | ActionFailure | null;
export type RevokeKeyState = { ok: true; detail: string } | ActionFailure | null;

const EXPIRY_CHOICES = ["30", "90", "365"] as const;

/**
 * The page's form → the API's body: scopes are checkboxes (one checked box is a string, several an array), expiry a
 * choice of days. Anything else in the form reaches the strict schema as it is and is refused there.
 */
const createKeyForm = z.preprocess((raw) => {
  if (typeof raw !== "object" || raw === null) return raw;
  const { scopes, expires_in, ...rest } = raw as Record<string, unknown>;
  const days = EXPIRY_CHOICES.includes(expires_in as (typeof EXPIRY_CHOICES)[number]) ? expires_in : "invalid";
  return {
    ...rest,
    scopes: scopes === undefined ? [] : Array.isArray(scopes) ? scopes : [scopes],
    expires_at: days === "invalid" ? "invalid" : new Date(Date.now() + Number(days) * 86_400_000).toISOString(),
  };
}, createApiKeySchema);

/** Creates a key from /account/api-keys: the key comes back in the result, to be shown this once. */
export async function createApiKeyAction(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const result = await runUserAction({ schema: createKeyForm, input: formData, limits: ["api_keys.write"], context: "create API key" }, async ({ principal, input, meta }) => {
    const { body, key } = await createApiKey(principal, input, meta);
    return { ok: true as const, detail: `Key “${body.name}” created. Copy it now: it will not be shown again.`, key, prefix: body.prefix };
  });
  revalidatePath("/account/api-keys");
  return result;
}

/** Revokes one of the caller's keys (or, for users:manage, anyone's: the admin list uses it too). */
export async function revokeApiKeyAction(_prev: RevokeKeyState, formData: FormData): Promise<RevokeKeyState> {
  const result = await runUserAction({ schema: z.strictObject({ id: z.uuid({ error: "unknown key" }) }), input: formData, limits: ["api_keys.write"], context: "revoke API key" }, async ({ principal, input, meta }) => {
    const { key } = await revokeApiKey(principal, input.id, meta);
    return { ok: true as const, detail: `Key ${key.prefix}… revoked: it is refused from its next request.` };
  });
  revalidatePath("/account/api-keys");
  revalidatePath("/admin/api-keys");
  return result;
}
