"use client";

import { useActionState, useRef } from "react";
import { FormField } from "@/components/auth/form-field";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { updateProfileAction, type ActionState } from "@/lib/auth/actions";

type Profile = { username: string; first_name: string; last_name: string; phone_number: string };

export function ProfileForm({ profile }: { profile: Profile }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(updateProfileAction, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const errors = state && !state.ok ? state.errors : undefined;
  // after a failure the form keeps what was typed; after a save it shows the stored profile (the page re-renders)
  const values: Profile = state && !state.ok && state.values ? { ...profile, ...state.values } : profile;
  return (
    <form ref={form} action={action} aria-label="Profile" className="mt-3 grid gap-x-4 gap-y-1 sm:grid-cols-2" noValidate>
      <FormField name="username" label="Username" autoComplete="off" required maxLength={50} defaultValue={values.username} errors={errors?.username} />
      <FormField name="phone_number" label="Phone" type="tel" autoComplete="tel" defaultValue={values.phone_number} errors={errors?.phone_number} />
      <FormField name="first_name" label="First name" autoComplete="given-name" maxLength={150} defaultValue={values.first_name} errors={errors?.first_name} />
      <FormField name="last_name" label="Last name" autoComplete="family-name" maxLength={150} defaultValue={values.last_name} errors={errors?.last_name} />
      <div className="sm:col-span-2">
        <FormStatus state={state} />
      </div>
      <div className="mt-2 sm:col-span-2">
        <SubmitButton pending={pending}>Save profile</SubmitButton>
      </div>
    </form>
  );
}
