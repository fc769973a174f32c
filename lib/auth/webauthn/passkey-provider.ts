import "server-only";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { requestMeta } from "@/lib/security/request-meta";
import { authenticationResponseSchema, challengeIdField } from "./schemas";
import { finishPasskeySignIn } from "./sign-in-with-passkey";

/** A refused passkey sign-in (already audited by the sign-in service); one code whatever the reason. */
export class PasskeySignInFailed extends CredentialsSignin {
  override code = "passkey_failed";
}

function parseAssertion(raw: unknown) {
  if (typeof raw !== "string" || raw.length > 64_000) return null;
  try {
    const parsed = authenticationResponseSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The browser's passkey door for Auth.js: a Credentials provider with id "passkey" whose authorize verifies the
 * assertion (`challenge_id` from the start step and `response`, the JSON of startAuthentication()) through the
 * same passkey sign-in service as the API, and answers `{id, email, sid}` like the password provider.
 */
export function passkeyProvider() {
  return Credentials({
    id: "passkey",
    name: "Passkey",
    credentials: { challenge_id: {}, response: {} },
    async authorize(raw, request) {
      const challengeId = challengeIdField.safeParse(raw.challenge_id);
      const credential = parseAssertion(raw.response);
      if (!challengeId.success || !credential) throw new PasskeySignInFailed();
      const outcome = await finishPasskeySignIn(
        { challengeId: challengeId.data, credential, kind: "browser" },
        requestMeta(request.headers),
      );
      if (!outcome.ok) throw new PasskeySignInFailed();
      return {
        id: String(outcome.access.user.id),
        email: outcome.access.user.email,
        sid: outcome.session.id,
      };
    },
  });
}
