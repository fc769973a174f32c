import { isSessionFresh } from "@/lib/auth/freshness";
import type { Principal } from "@/lib/auth/principal";
import { listPasskeys } from "@/lib/auth/webauthn/queries";
import { serializePasskey } from "@/lib/auth/webauthn/serializers";
import { PasskeysManager } from "./passkeys-section-client";

/** The security page's passkeys: list, add (with a name), rename, remove. Adding and removing need a fresh sign-in. */
export async function PasskeysSection({ principal }: { principal: Pick<Principal, "userId" | "sessionId"> }) {
  const [rows, fresh] = await Promise.all([
    listPasskeys(principal.userId),
    isSessionFresh(principal.sessionId),
  ]);
  return (
    <section aria-labelledby="passkeys-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="passkeys-heading" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Sign in without a password, with your device&apos;s screen lock (fingerprint, face, PIN) or a security
        key. A passkey cannot be phished: it only works on this shop.
      </p>
      <PasskeysManager passkeys={rows.map(serializePasskey)} fresh={fresh} />
    </section>
  );
}
