import { blockIp } from "./block-ip";
import { lockAccount } from "./lock-account";
import { notifyAdmins } from "./notify-admins";
import { readOnlyModeAction } from "./read-only";
import { revalidateCache } from "./revalidate-cache";
import { revokeSessions } from "./revoke-sessions";
import { tightenRateLimit } from "./tighten-rate-limit";
import type { ActionKind, ActionType } from "./types";

export const ACTION_KINDS: Record<ActionType, ActionKind> = {
  block_ip: blockIp,
  lock_account: lockAccount,
  revoke_sessions: revokeSessions,
  tighten_rate_limit: tightenRateLimit,
  revalidate_cache: revalidateCache,
  read_only_mode: readOnlyModeAction,
  notify_admins: notifyAdmins,
};

export function actionKind(type: string): ActionKind | null {
  return Object.hasOwn(ACTION_KINDS, type) ? ACTION_KINDS[type as ActionType] : null;
}
