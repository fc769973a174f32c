"use client";

import { useActionState, useRef } from "react";
import { FormField } from "@/components/auth/form-field";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { registerAction, type ActionState } from "@/lib/auth/actions";

export function RegisterForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(registerAction, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const errors = state && !state.ok ? state.errors : undefined;
  const values = state && !state.ok ? state.values : undefined;
  return (
    <form ref={form} action={action} aria-label="Create an account" className="mt-4 flex flex-col gap-1" noValidate>
      <FormField name="email" label="Email" type="email" autoComplete="email" required maxLength={254} defaultValue={values?.email ?? ""} errors={errors?.email} />
      <FormField
        name="username"
        label="Username"
        autoComplete="off"
        required
        maxLength={50}
        hint="3 to 50 characters: letters, digits, and . _ -"
        defaultValue={values?.username ?? ""}
        errors={errors?.username}
      />
      <div className="grid gap-x-3 sm:grid-cols-2">
        <FormField name="first_name" label="First name" autoComplete="given-name" maxLength={150} defaultValue={values?.first_name ?? ""} errors={errors?.first_name} />
        <FormField name="last_name" label="Last name" autoComplete="family-name" maxLength={150} defaultValue={values?.last_name ?? ""} errors={errors?.last_name} />
      </div>
      <FormField
        name="phone_number"
        label="Phone (optional)"
        type="tel"
        autoComplete="tel"
        hint="International format, like +21612345678"
        defaultValue={values?.phone_number ?? ""}
        errors={errors?.phone_number}
      />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters; not a common password, not close to your name or email."
        errors={errors?.password}
      />
      <FormField name="password_confirm" label="Confirm password" type="password" autoComplete="new-password" required errors={errors?.password_confirm} />
      {errors?.non_field_errors && <p className="text-sm text-rose-700">{errors.non_field_errors.join(" ")}</p>}
      <FormStatus state={state} />
      <div className="mt-2">
        <SubmitButton pending={pending}>Create account</SubmitButton>
      </div>
    </form>
  );
}
