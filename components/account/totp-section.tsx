import { RECOVERY_CODE_COUNT } from "@/lib/auth/recovery-codes";
import { secondFactorStatus, totpSettings } from "@/lib/auth/second-factor";
import { TotpSectionClient } from "./totp-section-client";

function Factor({ name, state, on }: { name: string; state: string; on: boolean }) {
  return (
    <li className="flex justify-between gap-4 py-1.5">
      <span>{name}</span>
      <span className={on ? "font-medium text-emerald-800" : "text-slate-600"}>{state}</span>
    </li>
  );
}

/** Two-factor authentication on /account/security: which factors are on, and the TOTP lifecycle (client part). */
export async function TotpSection({ userId }: { userId: number }) {
  const status = await secondFactorStatus(userId);
  const on = status.totp === "on";
  return (
    <section aria-labelledby="mfa-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="mfa-heading" className="text-lg font-semibold">
        Two-factor authentication
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        With an authenticator app, signing in takes your password and a code from your phone: a stolen password alone is not enough.
      </p>
      <ul aria-label="Your sign-in factors" className="mt-3 max-w-md divide-y divide-slate-200 text-sm">
        <Factor name="Password" state="On" on />
        <Factor name="Authenticator app" state={status.replacing ? "On (a new app is waiting to be confirmed)" : on ? "On" : status.totp === "pending" ? "Not confirmed yet" : "Off"} on={on} />
        <Factor name="Recovery codes" state={on ? `${status.recoveryCodesLeft} of ${RECOVERY_CODE_COUNT} left` : "None"} on={on && status.recoveryCodesLeft > 0} />
        <Factor name="Passkeys" state={status.passkeys ? `${status.passkeys} registered` : "None"} on={status.passkeys > 0} />
      </ul>
      <TotpSectionClient on={on} digits={totpSettings().digits} />
    </section>
  );
}
