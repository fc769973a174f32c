"use client";

import { useActionState, useRef } from "react";
import { FormField } from "@/components/auth/form-field";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { requestPasswordResetAction, type ActionState } from "@/lib/auth/actions";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(requestPasswordResetAction, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const errors = state && !state.ok ? state.errors : undefined;
  const values = state && !state.ok ? state.values : undefined;
  return (
    <form ref={form} action={action} aria-label="Ask for a password reset link" className="mt-4 flex flex-col gap-1" noValidate>
      <FormField name="email" label="Email" type="email" autoComplete="email" required maxLength={254} defaultValue={values?.email ?? ""} errors={errors?.email} />
      <FormStatus state={state} />
      <div className="mt-2">
        <SubmitButton pending={pending}>Send the reset link</SubmitButton>
      </div>
    </form>
  );
}
