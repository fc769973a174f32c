"use client";

import { useActionState, useRef, useState } from "react";
import { FormField } from "@/components/auth/form-field";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { loginAction, type LoginResult } from "@/lib/auth/actions";

/**
 * Sign in, in two steps for an account with a second factor: the password step answers with a single-use token
 * (no session, no cookie yet); the second form sends that token with a code from the authenticator app or a
 * recovery code. A refused code goes back to the first step.
 */
type Step2Props = { state: LoginResult & { ok: false; mfa_token: string }; action: (formData: FormData) => void; pending: boolean; next: string };

/** The second step; keyed by its token, so a new sign-in starts on the authenticator code again. */
function SecondStepForm({ state, action, pending, next }: Step2Props) {
  const [recovery, setRecovery] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={action} aria-label="Two-step verification" className="mt-4 flex flex-col gap-1" noValidate>
      <input type="hidden" name="next" value={next} />
      <input type="hidden" name="mfa_token" value={state.mfa_token} />
      <input type="hidden" name="email" value={state.values?.email ?? ""} />
      <p className="mb-2 text-sm text-slate-700">
        {recovery ? "Enter one of the recovery codes you saved when you turned on two-factor authentication." : "Open your authenticator app and enter the code it shows for Secure Shop."}
      </p>
      {recovery ? (
        <FormField key="recovery" name="recovery_code" label="Recovery code" autoComplete="off" autoFocus required errors={state.errors?.recovery_code} />
      ) : (
        <FormField key="totp" name="totp_code" label="Authentication code" inputMode="numeric" autoComplete="one-time-code" autoFocus required errors={state.errors?.totp_code} />
      )}
      <FormStatus state={state.code === "mfa_required" ? null : state} />
      <div className="mt-2 flex flex-wrap items-center gap-4">
        <SubmitButton pending={pending}>Verify</SubmitButton>
        <button type="button" onClick={() => setRecovery(!recovery)} className="text-sm text-brand-700 underline">
          {recovery ? "Use your authenticator app" : "Use a recovery code"}
        </button>
      </div>
    </form>
  );
}

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<LoginResult | null, FormData>(loginAction, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  if (state && !state.ok && state.mfa_token) {
    return <SecondStepForm key={state.mfa_token} state={{ ...state, mfa_token: state.mfa_token }} action={action} pending={pending} next={next} />;
  }
  const errors = state && !state.ok ? state.errors : undefined;
  const values = state && !state.ok ? state.values : undefined;
  return (
    <form ref={form} action={action} aria-label="Sign in" className="mt-4 flex flex-col gap-1" noValidate>
      <input type="hidden" name="next" value={next} />
      <FormField name="email" label="Email" type="email" autoComplete="username webauthn" required defaultValue={values?.email ?? ""} errors={errors?.email} />
      <FormField name="password" label="Password" type="password" autoComplete="current-password" required errors={errors?.password} />
      <FormStatus state={state} />
      <div className="mt-2">
        <SubmitButton pending={pending}>Sign in</SubmitButton>
      </div>
    </form>
  );
}
