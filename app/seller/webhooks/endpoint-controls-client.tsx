"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/server-action";
import {
  deleteWebhookAction,
  pingWebhookAction,
  rotateWebhookSecretAction,
  setWebhookActiveAction,
  type SecretState,
} from "./actions";
import { SecretNotice } from "./secret-notice";

const button =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60";

function Status({ state }: { state: ActionState | SecretState }) {
  return (
    <p
      role="status"
      aria-live="polite"
      className={`min-h-5 text-sm ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}
    >
      {state?.detail}
    </p>
  );
}

/** Enable/disable, send a test event, rotate the secret (shown once) and delete, for one endpoint. */
export function EndpointControls({ id, url, isActive }: { id: string; url: string; isActive: boolean }) {
  const [toggled, toggle, toggling] = useActionState<ActionState, FormData>(setWebhookActiveAction, null);
  const [pinged, ping, pinging] = useActionState<ActionState, FormData>(pingWebhookAction, null);
  const [rotated, rotate, rotating] = useActionState<SecretState, FormData>(rotateWebhookSecretAction, null);
  const [deleted, remove, deleting] = useActionState<ActionState, FormData>(deleteWebhookAction, null);
  const confirm = (question: string) => (event: React.FormEvent) => {
    if (!window.confirm(question)) event.preventDefault();
  };
  return (
    <div className="mt-3">
      <div className="flex flex-wrap gap-2">
        <form action={toggle}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="is_active" value={isActive ? "false" : "true"} />
          <button
            type="submit"
            disabled={toggling}
            className={button}
            aria-label={`${isActive ? "Disable" : "Enable"} ${url}`}
          >
            {isActive ? "Disable" : "Enable"}
          </button>
        </form>
        <form action={ping}>
          <input type="hidden" name="id" value={id} />
          <button
            type="submit"
            disabled={pinging || !isActive}
            className={button}
            aria-label={`Send a test event to ${url}`}
          >
            Send test event
          </button>
        </form>
        <form
          action={rotate}
          onSubmit={confirm("Rotate the signing secret? The old secret stops working at once.")}
        >
          <input type="hidden" name="id" value={id} />
          <button
            type="submit"
            disabled={rotating}
            className={button}
            aria-label={`Rotate the signing secret of ${url}`}
          >
            Rotate secret
          </button>
        </form>
        <form action={remove} onSubmit={confirm(`Delete the endpoint ${url} and its delivery log?`)}>
          <input type="hidden" name="id" value={id} />
          <button
            type="submit"
            disabled={deleting}
            className="rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800 disabled:opacity-60"
            aria-label={`Delete ${url}`}
          >
            Delete
          </button>
        </form>
      </div>
      <Status state={deleted ?? rotated ?? pinged ?? toggled} />
      {rotated?.ok && rotated.secret ? <SecretNotice secret={rotated.secret} /> : null}
    </div>
  );
}
