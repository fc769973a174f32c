import { PasskeyLoginButton } from "./passkey-login-client";

/**
 * "Sign in with a passkey" under the password form: no password, no email needed (discoverable credentials).
 * Conditional UI (passkeys offered in the email field's autofill) starts by itself when the page has an input with
 * `autocomplete="… webauthn"` and the browser supports it; the button works either way.
 */
export function PasskeyLogin({ next }: { next: string }) {
  return (
    <section aria-label="Passkey sign-in" className="mt-4 border-t border-slate-200 pt-4">
      <p className="mb-2 text-sm text-slate-600">
        No password needed if you have added a passkey to your account.
      </p>
      <PasskeyLoginButton next={next} />
    </section>
  );
}
