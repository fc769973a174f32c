"use client";

import Image from "next/image";
import { useActionState, useId, useState, type InputHTMLAttributes, type ReactNode } from "react";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import {
  disableTotpAction,
  regenerateRecoveryCodesAction,
  setupTotpAction,
  verifyTotpAction,
  type TotpActionResult,
  type TotpActionState,
  type TotpSetupView,
} from "@/lib/auth/totp-actions";
import { RecoveryCodes } from "./totp-section-codes";

type Success = Extract<TotpActionResult, { ok: true }>;

/** useActionState whose successes also update the section's own state (which outlives the page's revalidation). */
function useTotpAction(action: (prev: TotpActionState, formData: FormData) => Promise<TotpActionResult>, onSuccess: (result: Success) => void) {
  return useActionState<TotpActionState, FormData>(async (prev, formData) => {
    const result = await action(prev, formData);
    if (result.ok) onSuccess(result);
    return result;
  }, null);
}

/** Successes are announced once, at the top; each form shows only its own failures. */
const failureOf = (state: TotpActionState) => (state && !state.ok ? state : null);

/** A labelled input; ids from useId because several forms here have a field named `code`. */
function Field({ label, errors, ...input }: { label: string; errors?: string[] } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={`${id}-error`}
        className={`mt-1 rounded border px-2 py-1.5 ${errors?.length ? "border-rose-500" : "border-slate-300"}`}
        {...input}
      />
      <p id={`${id}-error`} className="min-h-5 text-sm text-rose-700">
        {errors?.join(" ")}
      </p>
    </div>
  );
}

function TotpCodeField({ digits, errors }: { digits: number; errors?: string[] }) {
  return <Field name="code" label="Code from your authenticator app" inputMode="numeric" autoComplete="one-time-code" maxLength={digits + 2} required errors={errors} />;
}

type FormProps = { label: string; action: (formData: FormData) => void; state: TotpActionState; pending: boolean; submit: string; secondary?: boolean; children?: ReactNode };

function ActionForm({ label, action, state, pending, submit, secondary, children }: FormProps) {
  return (
    <form action={action} aria-label={label} className="flex max-w-md flex-col gap-1" noValidate>
      {children}
      <FormStatus state={failureOf(state)} />
      <div>
        <SubmitButton pending={pending} variant={secondary ? "secondary" : "primary"}>
          {submit}
        </SubmitButton>
      </div>
    </form>
  );
}

/** Setup (QR code and the secret for manual entry), confirmation, recovery codes, regeneration and turning it off. */
export function TotpSectionClient({ on, digits }: { on: boolean; digits: number }) {
  const [setup, setSetup] = useState<TotpSetupView | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState("");
  // every success replaces what the section shows: the setup panel, the recovery codes, the notice
  const show = (r: Success) => {
    setSetup(r.setup ?? null);
    setCodes(r.recovery_codes ?? null);
    setNotice(r.detail);
  };
  const [setupState, setupAction, setupPending] = useTotpAction(setupTotpAction, show);
  const [verifyState, verifyAction, verifyPending] = useTotpAction(verifyTotpAction, show);
  const [regenState, regenAction, regenPending] = useTotpAction(regenerateRecoveryCodesAction, show);
  const [disableState, disableAction, disablePending] = useTotpAction(disableTotpAction, show);

  return (
    <div className="mt-4 space-y-5">
      <p role="status" aria-live="polite" className="min-h-5 text-sm font-medium text-emerald-800">
        {notice}
      </p>
      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
      {setup && (
        <div className="rounded-lg border border-slate-200 p-3">
          <h3 className="font-semibold">Scan this QR code with your authenticator app</h3>
          <Image src={setup.qr_code} alt="QR code to add Secure Shop to your authenticator app" width={192} height={192} unoptimized className="mt-2 border border-slate-200" />
          <p className="mt-2 text-sm text-slate-700">Or type this key into the app:</p>
          <code data-testid="totp-secret" className="block break-all font-mono text-base">
            {setup.secret.match(/.{1,4}/g)?.join(" ")}
          </code>
          <div className="mt-3">
            <ActionForm label="Confirm your authenticator app" action={verifyAction} state={verifyState} pending={verifyPending} submit="Turn on two-factor authentication">
              <TotpCodeField digits={digits} errors={failureOf(verifyState)?.errors?.code} />
            </ActionForm>
          </div>
        </div>
      )}
      {!on && !setup && <ActionForm label="Set up an authenticator app" action={setupAction} state={setupState} pending={setupPending} submit="Set up an authenticator app" />}
      {on && !setup && (
        <>
          <ActionForm label="Generate new recovery codes" action={regenAction} state={regenState} pending={regenPending} submit="Generate new recovery codes">
            <TotpCodeField digits={digits} errors={failureOf(regenState)?.errors?.code} />
          </ActionForm>
          <ActionForm label="Move to a new authenticator app" action={setupAction} state={setupState} pending={setupPending} submit="Set up a new authenticator">
            <TotpCodeField digits={digits} errors={failureOf(setupState)?.errors?.code} />
          </ActionForm>
          <ActionForm label="Turn off two-factor authentication" action={disableAction} state={disableState} pending={disablePending} submit="Turn off two-factor authentication" secondary>
            <Field name="password" label="Your password" type="password" autoComplete="current-password" required errors={failureOf(disableState)?.errors?.password} />
            <Field name="code" label="Code from your app, or a recovery code" autoComplete="one-time-code" required errors={failureOf(disableState)?.errors?.code} />
          </ActionForm>
        </>
      )}
    </div>
  );
}
