import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ApiKeyCreateForm, ApiKeyTable } from "@/components/account/api-keys-client";
import { ReauthenticateButton } from "@/components/account/reauthenticate-button";
import { KEY_SCOPES, MAX_ACTIVE_KEYS_PER_USER } from "@/lib/auth/api-keys/schemas";
import { listApiKeys, serializeApiKey } from "@/lib/auth/api-keys/service";
import { isSessionFresh } from "@/lib/auth/freshness";
import { requireUser } from "@/lib/auth/page-principal";
import { PERMISSIONS } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "API keys", robots: { index: false } };

export default async function ApiKeysPage() {
  await connection();
  const principal = await requireUser("/account/api-keys");
  const [{ rows, count }, fresh] = await Promise.all([
    listApiKeys(principal, { owner: "me", page: 1, page_size: 100, status: undefined }),
    isSessionFresh(principal.sessionId),
  ]);
  const scopes = KEY_SCOPES.filter((p) => principal.permissions.has(p)).map((code) => ({ code, description: PERMISSIONS[code] }));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">API keys</h1>
      <p className="text-sm text-slate-600">
        Keys let your own programs (a stock sync, a report) call the <Link className="underline" href="/api/docs/" prefetch={false}>shop&apos;s API</Link> as you, with only the
        permissions you pick. Send one as <code>X-API-Key</code> or <code>Authorization: Bearer</code>. A key cannot sign in to this website, cannot
        create other keys, and stops working the moment you revoke it. At most {MAX_ACTIVE_KEYS_PER_USER} active keys.
      </p>
      <section aria-labelledby="new-key-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="new-key-heading" className="text-lg font-semibold">
          Create a key
        </h2>
        {fresh ? (
          <ApiKeyCreateForm scopes={scopes} />
        ) : (
          <div className="mt-2 space-y-2 text-sm text-slate-700">
            <p>Creating a key needs a sign-in from the last 10 minutes.</p>
            <ReauthenticateButton next="/account/api-keys" />
          </div>
        )}
      </section>
      <section aria-labelledby="keys-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="keys-heading" className="text-lg font-semibold">
          Your keys ({count})
        </h2>
        <ApiKeyTable keys={rows.map(serializeApiKey)} showOwner={false} />
      </section>
    </div>
  );
}
