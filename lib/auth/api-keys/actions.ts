"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { checkedBoxes, runUserAction, type ActionFailure } from "@/lib/http/server-action";
import { createApiKeySchema } from "./schemas";
import { createApiKey, revokeApiKey } from "./service";

export type CreateKeyState = { ok: true; detail: string; key: string; prefix: string } | ActionFailure | null;
export type RevokeKeyState = { ok: true; detail: string } | ActionFailure | null;

/** The page's form: scopes as checkboxes, the expiry as a choice of days (every key expires). */
const createKeyForm = z.strictObject({
  name: createApiKeySchema.shape.name,
  scopes: checkedBoxes(createApiKeySchema.shape.scopes),
  expires_in: z
    .enum(["30", "90", "365"], { error: "choose an expiry" })
    .transform((days) => new Date(Date.now() + Number(days) * 86_400_000)),
});

/** Creates a key from /account/api-keys: the key comes back in the result, to be shown this once. */
export async function createApiKeyAction(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const result = await runUserAction({ schema: createKeyForm, input: formData, limits: ["api_keys.write"], context: "create API key" }, async ({ principal, input, meta }) => {
    const { body, key } = await createApiKey(principal, { name: input.name, scopes: input.scopes, expires_at: input.expires_in }, meta);
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
