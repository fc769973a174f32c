"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/auth/submit-button";
import { revokeSessionAction, type ActionState } from "@/lib/auth/actions";

/** Revokes one session; revoking this device's own session signs it out (the action redirects to /login). */
export function RevokeSessionButton({ sessionId, current }: { sessionId: string; current: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(revokeSessionAction, null);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={sessionId} />
      <SubmitButton pending={pending} variant="secondary">
        {current ? "Revoke (signs you out)" : "Revoke"}
      </SubmitButton>
      <p role="status" aria-live="polite" className="min-h-5 text-xs text-rose-700">
        {state && !state.ok ? state.detail : ""}
      </p>
    </form>
  );
}
