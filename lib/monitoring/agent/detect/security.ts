import type { Detector, Finding } from "../types";

/**
 * Security rules on the audit log over the security window: credential stuffing (one IP failing against many
 * accounts), brute force (one account failing from many IPs) and refresh-token reuse (a leaked token: each user
 * named). Accounts are `user:<id>`, or `email:<address>` for sign-ins to addresses that have no account.
 */
export const securityDetector: Detector = {
  name: "security",
  async run(ctx) {
    const { stuffingAccounts, bruteForceIps } = ctx.config.security;
    const window = ctx.inputs.windows.security.label;
    const [stuffing, brute, events] = await Promise.all([ctx.inputs.stuffing(), ctx.inputs.bruteForce(), ctx.inputs.securityEvents()]);
    const out: Finding[] = [];
    for (const s of stuffing) {
      if (s.accounts < stuffingAccounts || s.ip === "unknown") continue;
      out.push({
        fingerprint: `security:credential_stuffing:ip:${s.ip}`,
        type: "security",
        severity: "critical",
        title: `Credential stuffing from ${s.ip}`,
        message: `${s.ip} failed to sign in ${s.failures} times against ${s.accounts} different accounts in the ${window} (rule: ${stuffingAccounts} or more accounts from one address). This is the pattern of leaked passwords being tried in bulk.`,
        evidence: { metric: "distinct_accounts_failed_from_ip", value: s.accounts, threshold: stuffingAccounts, window, samples: s.failures, ip: s.ip, accounts: s.accounts, failures: s.failures },
        subject: { ip: s.ip },
      });
    }
    for (const b of brute) {
      if (b.ips < bruteForceIps || b.account === "unknown") continue;
      const userId = /^user:(\d+)$/.exec(b.account)?.[1];
      out.push({
        fingerprint: `security:brute_force:account:${b.account}`,
        type: "security",
        severity: "critical",
        title: `Brute force against ${b.account}`,
        message: `The account ${b.account} failed to sign in ${b.failures} times from ${b.ips} different addresses in the ${window} (rule: ${bruteForceIps} or more addresses for one account). Someone is guessing its password from many machines, which per-address limits do not stop.`,
        evidence: { metric: "distinct_ips_failed_for_account", value: b.ips, threshold: bruteForceIps, window, samples: b.failures, account: b.account, ips: b.ips, failures: b.failures },
        subject: { account: b.account, ...(userId ? { userId: Number(userId) } : {}) },
      });
    }
    const reuse = new Map<number, { sessions: Set<string>; ips: Set<string>; last: string }>();
    for (const e of events) {
      if (e.action !== "TOKEN_REUSE" || e.actorUserId === null) continue;
      const r = reuse.get(e.actorUserId) ?? { sessions: new Set<string>(), ips: new Set<string>(), last: e.at };
      if (e.target) r.sessions.add(e.target);
      if (e.ip) r.ips.add(e.ip);
      reuse.set(e.actorUserId, r);
    }
    for (const [userId, r] of reuse) {
      out.push({
        fingerprint: `security:token_reuse:user:${userId}`,
        type: "security",
        severity: "critical",
        title: `Refresh token reused for user ${userId}`,
        message: `A refresh token of user ${userId} that had already been exchanged was presented again (${r.sessions.size} session(s), last at ${r.last}, from ${[...r.ips].join(", ") || "an unknown address"}). The token has leaked: whoever holds it may be signed in as this user.`,
        evidence: { metric: "refresh_token_reuse", value: r.sessions.size, window, samples: r.sessions.size, user_id: userId, sessions: [...r.sessions], ips: [...r.ips], last_at: r.last },
        subject: { account: `user:${userId}`, userId },
      });
    }
    return out;
  },
};
