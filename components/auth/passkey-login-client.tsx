"use client";

import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
  type AuthenticationResponseJSON,
} from "@simplewebauthn/browser";
import { useEffect, useState, useTransition } from "react";
import { passkeySignInAction, passkeySignInOptionsAction } from "@/lib/auth/passkey-actions";

const CANCELLED = "No passkey was used. Try again, or sign in with your password.";
/** Conditional UI needs an input whose autocomplete ends with "webauthn" (e.g. `username webauthn`). */
const AUTOFILL_INPUT = "input[autocomplete$='webauthn']";

/** Sends the assertion to the server; on success the action redirects, so it only returns a failure's message. */
async function finish(
  challengeId: string,
  credential: AuthenticationResponseJSON,
  next: string,
): Promise<string | null> {
  const result = await passkeySignInAction({ challenge_id: challengeId, credential, next });
  return result && !result.ok ? result.detail : null;
}

export function PasskeyLoginButton({ next }: { next: string }) {
  const [status, setStatus] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  // conditional UI: offer passkeys in the autofill of a "username webauthn" field, when the page has one
  useEffect(() => {
    let active = true;
    void (async () => {
      if (!document.querySelector(AUTOFILL_INPUT) || !(await browserSupportsWebAuthnAutofill())) return;
      const start = await passkeySignInOptionsAction({});
      if (!active || !start.ok) return;
      const credential = await startAuthentication({ optionsJSON: start.options, useBrowserAutofill: true });
      const failed = await finish(start.challenge_id, credential, next);
      if (active && failed) setStatus(failed);
    })().catch(() => {
      // dismissed, or replaced by the button's own ceremony: the button still works
    });
    return () => {
      active = false;
      WebAuthnAbortService.cancelCeremony();
    };
  }, [next]);

  function signInWithPasskey() {
    setStatus(null);
    if (!browserSupportsWebAuthn()) {
      setStatus("This browser cannot use passkeys. Sign in with your password.");
      return;
    }
    startTransition(async () => {
      const start = await passkeySignInOptionsAction({});
      if (!start.ok) {
        setStatus(start.detail);
        return;
      }
      let credential: AuthenticationResponseJSON;
      try {
        credential = await startAuthentication({ optionsJSON: start.options });
      } catch {
        setStatus(CANCELLED);
        return;
      }
      const failed = await finish(start.challenge_id, credential, next);
      if (failed) setStatus(failed);
    });
  }

  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        onClick={signInWithPasskey}
        disabled={pending}
        aria-disabled={pending}
        className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:cursor-wait disabled:opacity-70"
      >
        Sign in with a passkey
      </button>
      <p role="status" aria-live="polite" className="min-h-5 text-sm text-rose-700">
        {status}
      </p>
    </div>
  );
}
