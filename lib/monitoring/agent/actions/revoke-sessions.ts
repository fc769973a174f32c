import { revokeUserApiKeys } from "@/lib/auth/api-keys/revoke-all";
import { revokeUserSessions } from "@/lib/auth/sessions";
import type { ActionKind } from "./types";

/** Signs the user out everywhere (every live session and its refresh tokens stop working, and every API key). */
export const revokeSessions: ActionKind = {
  requiresApproval: false,
  capped: true,
  inTransaction: true,
  notUndoable: "Revoked sessions cannot be restored: the user signs in again.",
  async run(database, row) {
    const userId = Number(/^user:(\d+)$/.exec(row.target ?? "")?.[1] ?? NaN);
    const count = await revokeUserSessions(database, userId, "agent:refresh_token_reuse");
    // a stolen session could have minted keys: they go too
    const keys = await revokeUserApiKeys(database, userId, "agent:refresh_token_reuse", null);
    return { message: `${count} live session(s) and ${keys} API key(s) of ${row.target} revoked; the user must sign in again.`, success: true, outcome: "done", metadata: { sessions_revoked: count, api_keys_revoked: keys } };
  },
};
