import { POLICIES } from "@/lib/ratelimit/policies";
import type { Proposal } from "./actions/types";
import type { SeenAlert } from "./alerts";
import type { CycleContext } from "./types";

const at = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

/**
 * What the agent would do about the alerts seen this cycle: one remediation per kind of finding, each bounded in
 * time and explained in plain language. Whether it is done, waits for approval, or is suppressed is for the
 * guardrails (actions/execute.ts). Proposals repeat every cycle while the condition lasts; duplicates are dropped there.
 */
export function decide(ctx: CycleContext, seen: SeenAlert[]): Proposal[] {
  const c = ctx.config;
  const out: Proposal[] = [];
  for (const { alert, finding: f } of seen) {
    const link = { alertId: alert.id, incidentId: alert.incidentId, evidence: f.evidence };
    const fp = f.fingerprint;
    if (fp.startsWith("security:credential_stuffing:") && f.subject?.ip) {
      const ip = f.subject.ip;
      out.push({ ...link, type: "block_ip", target: ip, minutes: c.blockMinutes, description: `Block ${ip} at the edge for ${c.blockMinutes} min`, explanation: `${f.message} Blocking ${ip} at the edge for ${c.blockMinutes} minutes stops these attempts without touching other visitors; the block lifts itself at ${at(ctx.now, c.blockMinutes)} and an administrator can lift it earlier (undo).` });
    } else if (fp.startsWith("security:brute_force:") && f.subject?.userId !== undefined) {
      const target = `user:${f.subject.userId}`;
      out.push({ ...link, type: "lock_account", target, minutes: c.lockMinutes, description: `Lock account ${target} for ${c.lockMinutes} min`, explanation: `${f.message} Locking the account for ${c.lockMinutes} minutes makes every guess fail, right or wrong; it unlocks itself at ${at(ctx.now, c.lockMinutes)} and an administrator can unlock it earlier (undo). The owner can still reset their password.` });
    } else if (fp.startsWith("security:token_reuse:") && f.subject?.userId !== undefined) {
      const target = `user:${f.subject.userId}`;
      out.push({ ...link, type: "revoke_sessions", target, minutes: c.security.windowMinutes, description: `Sign ${target} out everywhere`, explanation: `${f.message} Revoking every session of the user cuts off whoever holds the leaked token; the user signs in again. This cannot be undone.` });
    } else if (fp.startsWith("security:scan:")) {
      const current = POLICIES["api.anon"];
      const limit = Math.max(1, Math.floor(current.limit / 2));
      out.push({ ...link, type: "tighten_rate_limit", target: "api.anon", minutes: c.blockMinutes, params: { policy: "api.anon", current_limit: current.limit, proposed_limit: limit, window_seconds: current.windowSeconds }, description: `Halve the anonymous API rate limit (api.anon: ${current.limit} → ${limit} per ${current.windowSeconds / 60} min) for ${c.blockMinutes} min`, explanation: `${f.message} A lower limit for anonymous callers slows probing down for everyone not signed in; needs an administrator's approval.` });
    } else if (fp === "threshold:error_rate" && typeof f.evidence.value === "number" && f.evidence.value >= 2 * c.thresholds.errorRate.crit) {
      out.push({ ...link, type: "read_only_mode", target: "shop", minutes: c.readOnlyMinutes, description: `Put the shop in read-only mode for ${c.readOnlyMinutes} min`, explanation: `${f.message} With this many writes failing, refusing writes (orders, reviews, uploads) for ${c.readOnlyMinutes} minutes protects data while reads keep working. Never automatic: an administrator must approve it.` });
    } else if (fp === "threshold:memory" && f.severity === "critical") {
      out.push({ ...link, type: "revalidate_cache", target: "/", minutes: 15, description: "Revalidate the page and data cache", explanation: `${f.message} Revalidating Next.js's cache frees the memory its cached pages hold; pages render afresh on their next visit. Not repeated within 15 minutes.` });
    }
  }
  return out;
}
