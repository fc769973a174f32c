import { db } from "@/db/client";
import { signAccessToken } from "./access-token";
import { issueRefreshToken, type SessionRow } from "./sessions";

/** `{access, refresh}` for an API session (SimpleJWT's shape). */
export async function issueApiTokens(session: SessionRow, roles: string[]): Promise<{ access: string; refresh: string }> {
  const refresh = await issueRefreshToken(db(), session);
  const access = await signAccessToken({ userId: session.userId, sessionId: session.id, roles, amr: session.amr });
  return { access, refresh };
}
