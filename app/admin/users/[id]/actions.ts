"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { currentPrincipal } from "@/lib/auth/page-principal";
import type { Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { requestMeta, type RequestMeta } from "@/lib/security/request-meta";
import { actionError, parseInput, type ActionResult } from "@/lib/users/action-result";
import { assignRoles } from "@/lib/users/roles-service";
import { assignRolesBody, userIdParams, userStatusBody } from "@/lib/users/schemas";
import { revokeAllSessions, setUserActive, unlockUser } from "@/lib/users/service";

/**
 * Server actions are public POST endpoints: each one re-resolves the caller, re-checks the permission and parses
 * its form with the API's schemas before calling the same lib functions as the API routes.
 */
async function run(permission: Permission, work: (principal: Principal, meta: RequestMeta) => Promise<number>): Promise<ActionResult> {
  const principal = await currentPrincipal();
  if (!principal) return { ok: false, detail: "Authentication credentials were not provided." };
  if (!principal.permissions.has(permission)) return { ok: false, detail: "You do not have permission to perform this action." };
  try {
    const userId = await work(principal, requestMeta(new Headers(await headers()), crypto.randomUUID()));
    revalidatePath("/admin/users");
    revalidatePath(`/admin/users/${userId}`);
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}

const userId = (form: FormData) => parseInput(userIdParams, { id: form.get("user_id") }).id;

export async function unlockUserAction(_state: ActionResult | null, form: FormData): Promise<ActionResult> {
  return run("users:manage", async (principal, meta) => (await unlockUser(principal, userId(form), meta)).user.id);
}

export async function revokeSessionsAction(_state: ActionResult | null, form: FormData): Promise<ActionResult> {
  return run("users:manage", async (principal, meta) => {
    const id = userId(form);
    await revokeAllSessions(principal, id, meta);
    return id;
  });
}

export async function setUserActiveAction(_state: ActionResult | null, form: FormData): Promise<ActionResult> {
  return run("users:manage", async (principal, meta) => {
    const raw = form.get("is_active");
    const { is_active } = parseInput(userStatusBody, { is_active: raw === "true" ? true : raw === "false" ? false : raw });
    return (await setUserActive(principal, userId(form), is_active, meta)).user.id;
  });
}

export async function assignRolesAction(_state: ActionResult | null, form: FormData): Promise<ActionResult> {
  return run("roles:manage", async (principal, meta) => {
    const input = parseInput(assignRolesBody, { user_email: form.get("user_email"), roles: form.getAll("roles") });
    return (await assignRoles(principal, input, meta)).user.id;
  });
}
