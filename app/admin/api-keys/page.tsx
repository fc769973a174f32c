import type { Metadata } from "next";
import { connection } from "next/server";
import { ApiKeyTable } from "@/components/account/api-keys-client";
import { Forbidden } from "@/components/forbidden";
import { listApiKeys, serializeApiKey } from "@/lib/auth/api-keys/service";
import { requireUser } from "@/lib/auth/page-principal";

export const metadata: Metadata = { title: "API keys · Admin", robots: { index: false } };

/** Every user's active keys, newest first, each revocable at once. */
export default async function AdminApiKeysPage() {
  await connection();
  const principal = await requireUser("/admin/api-keys");
  if (!principal.permissions.has("users:manage")) return <Forbidden />;
  const { rows, count } = await listApiKeys(principal, { owner: "all", status: "active", page: 1, page_size: 100 });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">API keys</h1>
      <p className="text-sm text-slate-600">
        Active keys of every user ({count}{count > rows.length ? `, the newest ${rows.length} shown` : ""}). Revoking one refuses its next request.
        Every use is in the audit log (action API_KEY_USED).
      </p>
      <ApiKeyTable keys={rows.map(serializeApiKey)} showOwner />
    </div>
  );
}
