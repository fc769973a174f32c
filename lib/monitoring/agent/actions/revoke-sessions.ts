import { revokeUserSessions } from "@/lib/auth/sessions";
import type { ActionKind } from "./types";

/** Signs the user out everywhere (every live session and its refresh tokens stop working). */
export const revokeSessions: ActionKind = {
  requiresApproval: false,
  capped: true,
  inTransaction: true,
  notUndoable: "Revoked sessions cannot be restored: the user signs in again.",
  async run(database, row) {
    const userId = Number(/^user:(\d+)$/.exec(row.target ?? "")?.[1] ?? NaN);
    const count = await revokeUserSessions(database, userId, "agent:refresh_token_reuse");
    return { message: `${count} live session(s) of ${row.target} revoked; the user must sign in again.`, success: true, outcome: "done", metadata: { sessions_revoked: count } };
  },
};
