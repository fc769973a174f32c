"use client";

import { useActionState } from "react";
import { FormField } from "@/components/auth/form-field";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import { createWebhookAction, type SecretState } from "./actions";
import { SecretNotice } from "./secret-notice";

type EventOption = { name: string; description: string };

/** Register an endpoint: URL, what it is for, which events; the secret appears once, below the form. */
export function NewEndpointForm({ events }: { events: EventOption[] }) {
  const [state, action, pending] = useActionState<SecretState, FormData>(createWebhookAction, null);
  const errors = state?.ok === false ? state.errors : undefined;
  return (
    <section
      aria-labelledby="new-webhook-heading"
      className="mt-6 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="new-webhook-heading" className="font-semibold">
        Register an endpoint
      </h2>
      <form action={action} className="mt-3 flex flex-col gap-2" key={state?.ok ? state.secret : "form"}>
        <FormField
          name="url"
          label="Endpoint URL"
          type="url"
          required
          placeholder="https://erp.example.com/hooks/shop"
          hint="https only; it must be reachable on the public internet."
          errors={errors?.url}
        />
        <FormField
          name="description"
          label="Description (optional)"
          maxLength={200}
          errors={errors?.description}
        />
        <fieldset aria-describedby="field-events-error">
          <legend className="text-sm font-medium text-slate-800">Events</legend>
          {events.map((e) => (
            <label key={e.name} className="mt-1 flex items-start gap-2 text-sm">
              <input type="checkbox" name="events" value={e.name} className="mt-0.5 h-4 w-4" />
              <span>
                <span className="font-mono">{e.name}</span>{" "}
                <span className="text-slate-600">— {e.description}</span>
              </span>
            </label>
          ))}
          <p id="field-events-error" className="min-h-5 text-sm text-rose-700">
            {Object.entries(errors ?? {})
              .filter(([k]) => k === "events" || k.startsWith("events."))
              .flatMap(([, v]) => v)
              .join(" ")}
          </p>
        </fieldset>
        <div>
          <SubmitButton pending={pending}>Register endpoint</SubmitButton>
        </div>
        <FormStatus state={state} />
      </form>
      {state?.ok && state.secret ? <SecretNotice secret={state.secret} /> : null}
    </section>
  );
}
