"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormStatus } from "@/components/auth/form-status";
import { InvalidLink } from "@/components/auth/invalid-link";
import { SubmitButton } from "@/components/auth/submit-button";
import { verifyEmailAction, type ActionState } from "@/lib/auth/actions";

/** `valid`: the token was usable when the page rendered. Once used, a re-render says "invalid", but the outcome stays. */
export function VerifyEmailForm({ token, valid }: { token: string; valid: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(verifyEmailAction, null);
  if (!valid && !state) return <InvalidLink retryHref="/account" retryLabel="Ask for a new link from your account page" />;
  return (
    <form action={action} aria-label="Confirm your email" className="mt-4 flex flex-col gap-3">
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-600">Press the button to confirm that this email address is yours.</p>
      <FormStatus state={state} />
      <div className="flex items-center gap-4">
        {state?.ok ? (
          <Link href="/account" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Go to your account
          </Link>
        ) : (
          <SubmitButton pending={pending}>Confirm my email</SubmitButton>
        )}
      </div>
    </form>
  );
}
