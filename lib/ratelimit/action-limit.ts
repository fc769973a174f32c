import { accountKey } from "./account-key";
import { secondsUntilReset } from "./headers";
import { checkLimits } from "./limiter";
import { policy, type PolicyName } from "./policies";

/**
 * Rate limits for server actions. They cannot be enforced by path in the middleware: an action can be invoked
 * through any page's URL. So each action checks its policies itself, with the same table and the same shared
 * store as the API. Returns the seconds to wait when refused, or null.
 */
export async function actionRateLimit(
  names: PolicyName[],
  who: { ip: string | null; userId?: number | null; email?: string | null },
): Promise<number | null> {
  const decision = await checkLimits(
    names.map(policy),
    { ip: who.ip, userId: who.userId ? String(who.userId) : null, account: who.email ? await accountKey(who.email) : null },
  );
  if (!decision || decision.success) return null;
  return Math.max(1, secondsUntilReset(decision));
}
