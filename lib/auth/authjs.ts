import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { requestMeta } from "@/lib/security/request-meta";
import { authenticateLogin } from "./authenticate";
import { loginSchema } from "./schemas";
import { SESSION_TTL_MS } from "./sessions";
import { passkeyProvider } from "./webauthn/passkey-provider";

export class InvalidLogin extends CredentialsSignin {
  override code = "invalid_credentials";
}

/** The password was right but a second factor is owed: the login page asks for it (never a half-signed-in session). */
export class SecondFactorRequired extends CredentialsSignin {
  override code = "mfa_required";
  /** The single-use proof of the password step; the login action hands it to the second-step form. */
  constructor(readonly mfaToken: string) {
    super();
  }
}

/**
 * Auth.js v5 for the browser: Credentials provider, JWT session strategy. The encrypted cookie carries only the id of
 * a `sessions` row (`sid`), which every request checks, so revoking the row signs the browser out at once. The
 * password check itself is the one authentication service every door uses. Auth.js's own HTTP routes are not
 * mounted: the pages call signIn/signOut from server actions.
 */
export const { signIn, signOut } = NextAuth(() => {
  const e = env();
  return {
    secret: e.AUTH_SECRET,
    trustHost: true,
    useSecureCookies: e.APP_URL.startsWith("https://"),
    session: { strategy: "jwt", maxAge: Math.floor(SESSION_TTL_MS / 1000) },
    pages: { signIn: "/login" },
    // a refused sign-in is already audited; Auth.js would log each one again with a stack trace
    logger: {
      error(error: Error) {
        if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
        log.error("auth.js error", errorFields(error));
      },
    },
    providers: [
      // two steps: {email, password} → SecondFactorRequired(mfa token) for an MFA account; {mfa_token, totp_code |
      // recovery_code} → signed in. No cookie is set before both factors are in.
      Credentials({
        credentials: { email: {}, password: {}, mfa_token: {}, totp_code: {}, recovery_code: {} },
        async authorize(raw, request) {
          // only the login fields (Auth.js adds callbackUrl); absent ones stay absent for the strict schema
          const fields = (["email", "password", "mfa_token", "totp_code", "recovery_code"] as const).filter((k) => raw[k] !== undefined);
          const parsed = loginSchema.safeParse(Object.fromEntries(fields.map((k) => [k, raw[k]])));
          if (!parsed.success) throw new InvalidLogin();
          const outcome = await authenticateLogin(parsed.data, "browser", requestMeta(request.headers));
          if (!outcome.ok) throw outcome.reason === "mfa_required" && outcome.mfaToken ? new SecondFactorRequired(outcome.mfaToken) : new InvalidLogin();
          return { id: String(outcome.access.user.id), email: outcome.access.user.email, sid: outcome.session.id };
        },
      }),
      // passwordless: a passkey assertion verified by lib/auth/webauthn (challenge_id + startAuthentication() JSON)
      passkeyProvider(),
    ],
    callbacks: {
      jwt({ token, user }) {
        // only the user id and the session id go into the cookie
        if (user) return { sub: user.id, sid: (user as { sid?: string }).sid };
        return token;
      },
    },
  };
});
