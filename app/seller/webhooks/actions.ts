"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import type { PolicyName } from "@/lib/ratelimit/policies";
import { checkedBoxes, runUserAction, type ActionResult, type ActionState } from "@/lib/http/server-action";
import {
  createEndpoint,
  deleteEndpoint,
  pingEndpoint,
  redeliver,
  rotateSecret,
  updateEndpoint,
} from "@/lib/webhooks/mutations";
import { createWebhookSchema } from "@/lib/webhooks/schemas";

/**
 * The /seller/webhooks page's actions: the same lib calls, rules and rate limit as /api/webhooks/ (ownership is
 * decided inside each query: another user's endpoint is "Not found."). The secret comes back only from create and
 * rotate, into the form's state, and is shown once.
 */

export type SecretState = (ActionResult & { secret?: string }) | null;

const PAGE = "/seller/webhooks";
const KIT: { permission: Permission; limits: PolicyName[] } = {
  permission: "webhooks:manage",
  limits: ["webhooks.write"],
};
const endpointId = z.uuid({ error: "must be a webhook id" });

const createForm = z.strictObject({
  url: createWebhookSchema.shape.url,
  description: createWebhookSchema.shape.description,
  events: checkedBoxes(createWebhookSchema.shape.events),
});

export async function createWebhookAction(_prev: SecretState, formData: FormData): Promise<SecretState> {
  return runUserAction(
    { ...KIT, schema: createForm, input: formData, context: "create webhook" },
    async ({ principal, input, meta }) => {
      const { endpoint, secret } = await createEndpoint(principal, { ...input, is_active: true }, meta);
      revalidatePath(PAGE);
      return {
        ok: true as const,
        detail: `Endpoint ${endpoint.url} registered. Copy its signing secret now: it is not shown again.`,
        secret,
      };
    },
  );
}

export async function rotateWebhookSecretAction(
  _prev: SecretState,
  formData: FormData,
): Promise<SecretState> {
  return runUserAction(
    { ...KIT, schema: z.strictObject({ id: endpointId }), input: formData, context: "rotate webhook secret" },
    async ({ principal, input, meta }) => {
      const { secret } = await rotateSecret(principal, input.id, meta);
      revalidatePath(PAGE);
      return {
        ok: true as const,
        detail: "New secret in effect now; the old one no longer signs. Copy it: it is not shown again.",
        secret,
      };
    },
  );
}

const activeForm = z.strictObject({
  id: endpointId,
  is_active: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export async function setWebhookActiveAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  return runUserAction(
    { ...KIT, schema: activeForm, input: formData, context: "enable/disable webhook" },
    async ({ principal, input, meta }): Promise<ActionResult> => {
      await updateEndpoint(principal, input.id, { is_active: input.is_active }, meta);
      revalidatePath(PAGE);
      return {
        ok: true,
        detail: input.is_active
          ? "Endpoint enabled."
          : "Endpoint disabled: no new deliveries until you enable it.",
      };
    },
  );
}

export async function deleteWebhookAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  return runUserAction(
    { ...KIT, schema: z.strictObject({ id: endpointId }), input: formData, context: "delete webhook" },
    async ({ principal, input, meta }): Promise<ActionResult> => {
      await deleteEndpoint(principal, input.id, meta);
      revalidatePath(PAGE);
      return { ok: true, detail: "Endpoint deleted." };
    },
  );
}

export async function pingWebhookAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  return runUserAction(
    { ...KIT, schema: z.strictObject({ id: endpointId }), input: formData, context: "ping webhook" },
    async ({ principal, input }): Promise<ActionResult> => {
      await pingEndpoint(principal, input.id);
      revalidatePath(PAGE);
      return { ok: true, detail: "Test event queued; it is sent within seconds." };
    },
  );
}

const redeliverForm = z.strictObject({
  id: endpointId,
  delivery_id: z.uuid({ error: "must be a delivery id" }),
});

export async function redeliverWebhookAction(_prev: ActionState, formData: FormData): Promise<ActionResult> {
  return runUserAction(
    { ...KIT, schema: redeliverForm, input: formData, context: "redeliver webhook" },
    async ({ principal, input, meta }): Promise<ActionResult> => {
      await redeliver(principal, input.id, input.delivery_id, meta);
      revalidatePath(PAGE);
      return { ok: true, detail: "Queued to be sent again." };
    },
  );
}
