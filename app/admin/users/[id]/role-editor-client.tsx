"use client";

import { useActionState } from "react";
import type { FormAction } from "@/lib/users/action-result";

type RoleOption = { name: string; display_name: string; description: string; is_active: boolean };

/**
 * Checkboxes for the user's whole role set (assign-roles replaces it). CUSTOMER is always kept by the server, so
 * it is shown checked and fixed, and sent as a hidden field so the list is never empty.
 */
export function RoleEditor({
  action,
  userEmail,
  roles,
  current,
}: {
  action: FormAction;
  userEmail: string;
  roles: RoleOption[];
  current: string[];
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const assignable = roles.filter((r) => r.is_active);
  const retiring = current.filter((name) => !assignable.some((r) => r.name === name));
  const roleErrors = state && !state.ok ? [...(state.errors?.roles ?? []), ...(state.errors?.user_email ?? [])].filter((m) => m !== state.detail) : [];
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="user_email" value={userEmail} />
      <input type="hidden" name="roles" value="CUSTOMER" />
      <fieldset className="space-y-2" aria-describedby="role-editor-status">
        <legend className="text-sm font-medium">Roles</legend>
        {assignable.map((r) => (
          <label key={r.name} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name={r.name === "CUSTOMER" ? undefined : "roles"}
              value={r.name}
              defaultChecked={r.name === "CUSTOMER" || current.includes(r.name)}
              disabled={r.name === "CUSTOMER"}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{r.display_name}</span> <span className="font-mono text-xs text-slate-500">{r.name}</span>
              {r.name === "CUSTOMER" ? <span className="block text-xs text-slate-500">Every user keeps this role.</span> : null}
              {r.description ? <span className="block text-xs text-slate-600">{r.description}</span> : null}
            </span>
          </label>
        ))}
      </fieldset>
      {retiring.length ? (
        <p className="text-xs text-amber-800">Inactive roles that saving will remove: {retiring.join(", ")}.</p>
      ) : null}
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Saving…" : "Save roles"}
      </button>
      <div id="role-editor-status" role="status" aria-live="polite" className="text-sm">
        {state?.ok ? <p className="text-emerald-700">Roles updated.</p> : null}
        {state && !state.ok ? (
          <div className="text-rose-700">
            <p>{state.detail}</p>
            {roleErrors.length ? (
              <ul className="list-disc pl-5">
                {roleErrors.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </form>
  );
}
