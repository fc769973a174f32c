"use client";

import Link from "next/link";
import { useActionState, useRef } from "react";
import { FormField } from "@/components/auth/form-field";
import { FormStatus } from "@/components/auth/form-status";
import { InvalidLink } from "@/components/auth/invalid-link";
import { SubmitButton } from "@/components/auth/submit-button";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { confirmPasswordResetAction, type ActionState } from "@/lib/auth/actions";

/** `valid`: the token was usable when the page rendered. Once used, a re-render says "invalid", but the outcome stays. */
export function ResetPasswordForm({ token, valid }: { token: string; valid: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(confirmPasswordResetAction, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const errors = state && !state.ok ? state.errors : undefined;
  const done = state?.ok === true;
  if (!valid && !state) return <InvalidLink retryHref="/forgot-password" retryLabel="Ask for a new reset link" />;
  return (
    <form ref={form} action={action} aria-label="Choose a new password" className="mt-4 flex flex-col gap-1" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormField
        name="new_password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        disabled={done}
        hint="At least 8 characters; not a common password, not close to your name or email."
        errors={errors?.new_password}
      />
      <FormField name="new_password_confirm" label="Confirm new password" type="password" autoComplete="new-password" required disabled={done} errors={errors?.new_password_confirm} />
      <FormStatus state={state} />
      <div className="mt-2 flex items-center gap-4">
        {done ? (
          <Link href="/login" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Sign in
          </Link>
        ) : (
          <SubmitButton pending={pending}>Set the new password</SubmitButton>
        )}
        {state && !state.ok && state.code === "invalid_token" && (
          <Link href="/forgot-password" className="text-sm text-brand-700 underline">
            Ask for a new reset link
          </Link>
        )}
      </div>
    </form>
  );
}
