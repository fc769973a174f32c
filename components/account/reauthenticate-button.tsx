import { SubmitButton } from "@/components/auth/submit-button";
import { reauthenticateAction } from "@/lib/auth/passkey-actions";

/** Ends this session and returns here after a new sign-in (for changes that need a recent one). */
export function ReauthenticateButton({ next }: { next: "/account/security" | "/account/api-keys" }) {
  return (
    <form action={reauthenticateAction}>
      <input type="hidden" name="next" value={next} />
      <SubmitButton pending={false} variant="secondary">
        Sign in again
      </SubmitButton>
    </form>
  );
}
