"use client";

import { useActionState } from "react";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import { resendVerificationAction, type ActionState } from "@/lib/auth/actions";

/** Shown on the account page until the email is confirmed, with a button that mails a fresh link. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(resendVerificationAction, null);
  return (
    <section aria-labelledby="verify-banner-heading" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h2 id="verify-banner-heading" className="font-semibold text-amber-900">
        Your email is not verified yet
      </h2>
      <p className="mt-1 text-sm text-amber-900">
        We sent a confirmation link to <span className="break-all font-medium">{email}</span>. Open it and press the button on the page.
      </p>
      <form action={action} aria-label="Resend the confirmation link" className="mt-3 flex flex-col gap-2">
        <div>
          <SubmitButton pending={pending} variant="secondary">
            Resend the confirmation link
          </SubmitButton>
        </div>
        <FormStatus state={state} />
      </form>
    </section>
  );
}
