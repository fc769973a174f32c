"use client";

import {
  browserSupportsWebAuthn,
  startRegistration,
  WebAuthnError,
  type RegistrationResponseJSON,
} from "@simplewebauthn/browser";
import { useActionState, useState, useTransition } from "react";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import type { ActionState } from "@/lib/auth/actions";
import {
  passkeyRegisterAction,
  passkeyRegistrationOptionsAction,
  reauthenticateAction,
  renamePasskeyAction,
  revokePasskeyAction,
} from "@/lib/auth/passkey-actions";
import type { PasskeyItem } from "@/lib/auth/webauthn/serializers";

const WHEN = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function When({ iso }: { iso: string | null }) {
  if (!iso) return <>never</>;
  return <time dateTime={iso}>{WHEN.format(new Date(iso))} UTC</time>;
}

function kind(p: PasskeyItem): string {
  if (p.device_type === "multiDevice")
    return p.backed_up ? "Synced passkey (backed up)" : "Synced passkey (not backed up yet)";
  return p.authenticator_type === "cross-platform" ? "Security key (this key only)" : "This device only";
}

/** "Sign in again" when the session is older than 10 minutes: adding or removing a passkey needs a recent sign-in. */
function ReauthenticateHint() {
  return (
    <form
      action={reauthenticateAction}
      className="mt-3 flex flex-wrap items-center gap-3 rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
    >
      <p className="flex-1">
        To add or remove a passkey, sign in again: it needs a sign-in from the last 10 minutes.
      </p>
      <SubmitButton pending={false} variant="secondary">
        Sign in again
      </SubmitButton>
    </form>
  );
}

function AddPasskey() {
  const [state, setState] = useState<ActionState>(null);
  const [pending, startTransition] = useTransition();

  function add(formData: FormData) {
    const name = String(formData.get("name") ?? "").trim();
    setState(null);
    if (!browserSupportsWebAuthn()) {
      setState({ ok: false, detail: "This browser cannot create passkeys." });
      return;
    }
    startTransition(async () => {
      const start = await passkeyRegistrationOptionsAction();
      if (!start.ok) {
        setState(start);
        return;
      }
      let credential: RegistrationResponseJSON;
      try {
        credential = await startRegistration({ optionsJSON: start.options });
      } catch (error) {
        const already =
          error instanceof WebAuthnError && error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED";
        setState({
          ok: false,
          detail: already
            ? "This device already holds a passkey for your account."
            : "No passkey was created.",
        });
        return;
      }
      setState(
        await passkeyRegisterAction({
          challenge_id: start.challenge_id,
          credential,
          ...(name ? { name } : {}),
        }),
      );
    });
  }

  const errors = state && !state.ok ? state.errors : undefined;
  return (
    <form action={add} aria-label="Add a passkey" className="mt-3 flex max-w-md flex-col gap-1">
      <label htmlFor="passkey-name" className="text-sm font-medium text-slate-800">
        Name of the new passkey
      </label>
      <input
        id="passkey-name"
        name="name"
        maxLength={100}
        placeholder="e.g. My laptop"
        aria-invalid={errors?.name ? true : undefined}
        aria-describedby="passkey-name-error"
        className="mt-1 rounded border border-slate-300 px-2 py-1.5"
      />
      <p id="passkey-name-error" className="min-h-5 text-sm text-rose-700">
        {errors?.name?.join(" ")}
      </p>
      <FormStatus state={state} />
      <div className="mt-1">
        <SubmitButton pending={pending}>Add a passkey</SubmitButton>
      </div>
    </form>
  );
}

function PasskeyRow({ passkey, fresh }: { passkey: PasskeyItem; fresh: boolean }) {
  const [renameState, rename, renaming] = useActionState<ActionState, FormData>(renamePasskeyAction, null);
  const [revokeState, revoke, revoking] = useActionState<ActionState, FormData>(revokePasskeyAction, null);
  const headingId = `passkey-${passkey.id}`;
  const message = [renameState, revokeState].find((s) => s && !s.ok);
  return (
    <li aria-labelledby={headingId} className="py-3">
      <p id={headingId} className="font-medium">
        {passkey.name}
      </p>
      <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-4 text-sm text-slate-600">
        <dt>Kind</dt>
        <dd>{kind(passkey)}</dd>
        <dt>Added</dt>
        <dd>
          <When iso={passkey.created_at} />
        </dd>
        <dt>Last used</dt>
        <dd>
          <When iso={passkey.last_used} />
        </dd>
      </dl>
      <div className="mt-2 flex flex-wrap items-end gap-3">
        <form action={rename} aria-label={`Rename ${passkey.name}`} className="flex items-end gap-2">
          <input type="hidden" name="id" value={passkey.id} />
          <label className="flex flex-col text-sm">
            <span className="font-medium text-slate-800">New name</span>
            <input
              name="name"
              required
              maxLength={100}
              defaultValue={passkey.name}
              className="mt-1 rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <SubmitButton pending={renaming} variant="secondary">
            Rename
          </SubmitButton>
        </form>
        {fresh && (
          <form action={revoke}>
            <input type="hidden" name="id" value={passkey.id} />
            <SubmitButton pending={revoking} variant="secondary">
              Remove
            </SubmitButton>
          </form>
        )}
      </div>
      <p role="status" aria-live="polite" className="min-h-5 text-sm text-rose-700">
        {message && !message.ok ? message.detail : ""}
      </p>
    </li>
  );
}

/** Lists the user's passkeys; adding and removing are offered only while the sign-in is fresh (the server checks too). */
export function PasskeysManager({ passkeys, fresh }: { passkeys: PasskeyItem[]; fresh: boolean }) {
  return (
    <>
      {passkeys.length ? (
        <ul aria-label="Your passkeys" className="mt-3 divide-y divide-slate-200">
          {passkeys.map((p) => (
            <PasskeyRow key={p.id} passkey={p} fresh={fresh} />
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-slate-600">You have no passkeys yet.</p>
      )}
      {fresh ? <AddPasskey /> : <ReauthenticateHint />}
    </>
  );
}
