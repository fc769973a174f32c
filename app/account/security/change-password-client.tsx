"use client";

import { useActionState, useRef } from "react";
import { FormField } from "@/components/auth/form-field";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { changePasswordAction, type ActionState } from "@/lib/auth/actions";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(changePasswordAction, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const errors = state && !state.ok ? state.errors : undefined;
  return (
    <form ref={form} action={action} aria-label="Change your password" className="mt-3 flex max-w-md flex-col gap-1" noValidate>
      <FormField name="current_password" label="Current password" type="password" autoComplete="current-password" required errors={errors?.current_password} />
      <FormField
        name="new_password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters; not a common password, not close to your name or email."
        errors={errors?.new_password}
      />
      <FormField name="new_password_confirm" label="Confirm new password" type="password" autoComplete="new-password" required errors={errors?.new_password_confirm} />
      <FormStatus state={state} />
      <div className="mt-2">
        <SubmitButton pending={pending}>Change password</SubmitButton>
      </div>
    </form>
  );
}
