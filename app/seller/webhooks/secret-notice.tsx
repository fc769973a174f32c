"use client";

import { useId } from "react";

/** The signing secret, shown once after create or rotate: selectable text, with what to do with it. */
export function SecretNotice({ secret }: { secret: string }) {
  const id = useId();
  return (
    <div className="mt-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <label htmlFor={id} className="font-medium">
        Signing secret (shown only now)
      </label>
      <input
        id={id}
        readOnly
        value={secret}
        onFocus={(event) => event.currentTarget.select()}
        className="mt-1 w-full rounded border border-amber-300 bg-white px-2 py-1 font-mono text-xs"
      />
      <p className="mt-1 text-xs">
        Store it in your receiver&apos;s configuration and verify each delivery&apos;s Shop-Signature header
        with it.
      </p>
    </div>
  );
}
