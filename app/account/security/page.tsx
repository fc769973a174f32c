import type { Metadata } from "next";
import { connection } from "next/server";
import { PasskeysSection } from "@/components/account/passkeys-section";
import { SessionList } from "@/components/account/session-list";
import { TotpSection } from "@/components/account/totp-section";
import { requireUser } from "@/lib/auth/page-principal";
import { listLiveSessions, serializeSession } from "@/lib/auth/session-queries";
import { ChangePasswordForm } from "./change-password-client";

export const metadata: Metadata = { title: "Security", robots: { index: false } };

const MAX_SESSIONS = 50;

export default async function SecurityPage() {
  await connection();
  const principal = await requireUser("/account/security");
  const { count, rows } = await listLiveSessions(principal.userId, MAX_SESSIONS, 0);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Security</h1>
      <section aria-labelledby="password-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="password-heading" className="text-lg font-semibold">
          Change your password
        </h2>
        <p className="mt-1 text-sm text-slate-600">Every other device signed in to your account is signed out when the password changes.</p>
        <ChangePasswordForm />
      </section>
      <TotpSection userId={principal.userId} />
      <PasskeysSection principal={principal} />
      <section aria-labelledby="sessions-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Where you are signed in
        </h2>
        <p className="mt-1 text-sm text-slate-600">Revoke a session you do not recognise: that device is signed out at once.</p>
        <SessionList sessions={rows.map((s) => serializeSession(s, principal.sessionId))} />
        {count > rows.length && <p className="mt-2 text-sm text-slate-600">The {rows.length} most recent of {count} sessions are listed.</p>}
      </section>
    </div>
  );
}
