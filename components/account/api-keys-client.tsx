"use client";

import { useActionState, useState } from "react";
import { SubmitButton } from "@/components/auth/submit-button";
import { createApiKeyAction, revokeApiKeyAction, type CreateKeyState, type RevokeKeyState } from "@/lib/auth/api-keys/actions";
import type { ApiKeyBody } from "@/lib/auth/api-keys/schemas";

function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="text-sm text-rose-700">
      {messages.join(" ")}
    </p>
  );
}

/** Name, scopes (only permissions the user holds), expiry; on success the key is shown once with a copy button. */
export function ApiKeyCreateForm({ scopes }: { scopes: { code: string; description: string }[] }) {
  const [state, action, pending] = useActionState<CreateKeyState, FormData>(createApiKeyAction, null);
  const [copied, setCopied] = useState(false);
  const errors = state && !state.ok ? state.errors : undefined;
  return (
    <div className="mt-3 space-y-4">
      {state?.ok && (
        <div role="status" className="space-y-2 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
          <p>{state.detail}</p>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="new-api-key" className="break-all rounded bg-white px-2 py-1 font-mono text-xs">
              {state.key}
            </code>
            <button
              type="button"
              className="rounded border border-emerald-400 bg-white px-2 py-1 text-xs hover:bg-emerald-100"
              onClick={() => navigator.clipboard.writeText(state.key).then(() => setCopied(true), () => setCopied(false))}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      )}
      <form action={action} className="space-y-3" noValidate>
        <div className="flex flex-col gap-1">
          <label htmlFor="key-name" className="text-sm font-medium">
            Name
          </label>
          <input id="key-name" name="name" required maxLength={100} aria-describedby="key-name-error" className="max-w-sm rounded border border-slate-300 px-2 py-1" placeholder="e.g. Warehouse stock sync" />
          <FieldError id="key-name-error" messages={errors?.name} />
        </div>
        <fieldset className="space-y-1" aria-describedby="key-scopes-error">
          <legend className="text-sm font-medium">Scopes (what the key may do)</legend>
          {scopes.map((s) => (
            <label key={s.code} className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="scopes" value={s.code} className="mt-1" />
              <span>
                <code>{s.code}</code> — {s.description}
              </span>
            </label>
          ))}
          <FieldError id="key-scopes-error" messages={[...(errors?.scopes ?? []), ...Object.entries(errors ?? {}).filter(([k]) => k.startsWith("scopes.")).flatMap(([, v]) => v)]} />
        </fieldset>
        <div className="flex flex-col gap-1">
          <label htmlFor="key-expiry" className="text-sm font-medium">
            Expires
          </label>
          <select id="key-expiry" name="expires_in" defaultValue="90" className="max-w-xs rounded border border-slate-300 px-2 py-1">
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
          </select>
          <FieldError id="key-expiry-error" messages={errors?.expires_in} />
        </div>
        {state && !state.ok && (
          <p role="alert" className="text-sm text-rose-700">
            {state.detail}
          </p>
        )}
        <SubmitButton pending={pending}>Create key</SubmitButton>
      </form>
    </div>
  );
}

function RevokeButton({ id, prefix }: { id: string; prefix: string }) {
  const [state, action, pending] = useActionState<RevokeKeyState, FormData>(revokeApiKeyAction, null);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <SubmitButton pending={pending} variant="secondary">
        <span>
          Revoke<span className="sr-only"> key {prefix}</span>
        </span>
      </SubmitButton>
      <p role="status" aria-live="polite" className="min-h-4 text-xs text-rose-700">
        {state && !state.ok ? state.detail : ""}
      </p>
    </form>
  );
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

export function ApiKeyTable({ keys, showOwner }: { keys: ApiKeyBody[]; showOwner: boolean }) {
  if (!keys.length) return <p className="mt-2 text-sm text-slate-600">No keys.</p>;
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1 pr-3">Key</th>
            {showOwner && <th className="py-1 pr-3">Owner</th>}
            <th className="py-1 pr-3">Scopes</th>
            <th className="py-1 pr-3">Status</th>
            <th className="py-1 pr-3">Expires</th>
            <th className="py-1 pr-3">Last used</th>
            <th className="py-1" />
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} className="border-t border-slate-100 align-top" data-testid="api-key-row">
              <td className="py-2 pr-3">
                <div className="font-medium">{k.name}</div>
                <code className="text-xs text-slate-500">{k.prefix}…</code>
              </td>
              {showOwner && <td className="py-2 pr-3">{k.owner_email}</td>}
              <td className="py-2 pr-3">
                {k.scopes.map((s) => (
                  <code key={s} className="mr-1 text-xs">
                    {s}
                  </code>
                ))}
              </td>
              <td className="py-2 pr-3" data-testid="api-key-status">
                {k.status}
              </td>
              <td className="py-2 pr-3">{when(k.expires_at)}</td>
              <td className="py-2 pr-3">
                {when(k.last_used_at)}
                {k.last_used_ip && <div className="text-xs text-slate-500">from {k.last_used_ip}</div>}
                <div className="text-xs text-slate-500">{k.use_count} requests</div>
              </td>
              <td className="py-2">{k.status === "active" && <RevokeButton id={k.id} prefix={k.prefix} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
