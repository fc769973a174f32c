"use client";

import { useActionState, useRef } from "react";
import { FormField } from "@/components/auth/form-field";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { loginAction, type ActionState } from "@/lib/auth/actions";

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(loginAction, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const errors = state && !state.ok ? state.errors : undefined;
  const values = state && !state.ok ? state.values : undefined;
  return (
    <form ref={form} action={action} aria-label="Sign in" className="mt-4 flex flex-col gap-1" noValidate>
      <input type="hidden" name="next" value={next} />
      <FormField name="email" label="Email" type="email" autoComplete="username" required defaultValue={values?.email ?? ""} errors={errors?.email} />
      <FormField name="password" label="Password" type="password" autoComplete="current-password" required errors={errors?.password} />
      <FormStatus state={state} />
      <div className="mt-2">
        <SubmitButton pending={pending}>Sign in</SubmitButton>
      </div>
    </form>
  );
}
