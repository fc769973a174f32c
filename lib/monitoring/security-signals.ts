import { sql, type SQL } from "drizzle-orm";
import { db, queryRows } from "@/db/client";
import { stepStarts, type SignalWindow } from "./window";

/**
 * Security signals from audit_log over a window, by the action names the app writes:
 * - failed sign-in: LOGIN/FAILURE (every door: password, API token, passkey; `metadata.reason`, `metadata.door`);
 *   the account is target_id (a user id) or, for an unknown email, `metadata.email`;
 * - lockouts: ACCOUNT_LOCKED, IP_LOCKED; token reuse: TOKEN_REUSE; limiter: RATE_LIMITED (`metadata.policy`,
 *   `metadata.count` = denials in one 10 s report), RATE_LIMITER_DEGRADED;
 * - MFA failures: LOGIN/FAILURE with reason bad_second_factor, and FAILURE of TOTP_SETUP, TOTP_VERIFY,
 *   TOTP_DISABLE, RECOVERY_CODES_REGENERATE; passkey failures: LOGIN/FAILURE with door passkey,
 *   WEBAUTHN_REGISTER_COMPLETE/FAILURE and PASSKEY_COUNTER_REGRESSION (a possibly cloned authenticator).
 * Every query filters on action (+ result) and the occurred_at range: audit_action_idx (action, result, occurred_at).
 * 401/403/404 are not recorded per IP anywhere: see request-queries (metric_buckets, per route and class).
 */
const MFA_ACTIONS = ["TOTP_SETUP", "TOTP_VERIFY", "TOTP_DISABLE", "RECOVERY_CODES_REGENERATE"];
const PASSKEY_ACTIONS = ["WEBAUTHN_REGISTER_COMPLETE", "PASSKEY_COUNTER_REGRESSION"];
const COUNTED_ACTIONS = ["LOGIN", "ACCOUNT_LOCKED", "IP_LOCKED", "TOKEN_REUSE", "RATE_LIMITED", "RATE_LIMITER_DEGRADED", ...MFA_ACTIONS, ...PASSKEY_ACTIONS];

export type IpFailures = { ip: string; failures: number; accounts: number };
export type AccountFailures = { account: string; failures: number; ips: number };
export type SecurityCounts = {
  failedLogins: number;
  accountLockouts: number;
  ipLockouts: number;
  mfaFailures: number;
  passkeyFailures: number;
  tokenReuse: number;
  rateLimitDenials: number;
  limiterDegradedReports: number;
};

const list = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
const inWindow = (w: SignalWindow) => sql`occurred_at >= ${w.from.toISOString()}::timestamptz and occurred_at < ${w.to.toISOString()}::timestamptz`;
const failedLogin = (w: SignalWindow) => sql`action = 'LOGIN' and result = 'FAILURE' and ${inWindow(w)}`;
/** user:<id> when the account exists, email:<address> when it does not. */
const accountKey = sql`coalesce('user:' || target_id, 'email:' || lower(metadata->>'email'), 'unknown')`;
const ipText = sql`coalesce(host(ip), 'unknown')`;
const n = (v: number | string | null | undefined) => Number(v ?? 0);

/** Totals of each signal over the window, in one indexed pass. */
export async function securityCounts(w: SignalWindow): Promise<SecurityCounts> {
  const [r] = await queryRows<Record<string, string | number | null>>(
    db(),
    sql`select
          count(*) filter (where action = 'LOGIN' and result = 'FAILURE') as failed_logins,
          count(*) filter (where action = 'ACCOUNT_LOCKED') as account_lockouts,
          count(*) filter (where action = 'IP_LOCKED') as ip_lockouts,
          count(*) filter (where result = 'FAILURE' and (action in (${list(MFA_ACTIONS)})
            or (action = 'LOGIN' and metadata->>'reason' = 'bad_second_factor'))) as mfa_failures,
          count(*) filter (where (action = 'LOGIN' and result = 'FAILURE' and metadata->>'door' = 'passkey')
            or (action = 'WEBAUTHN_REGISTER_COMPLETE' and result = 'FAILURE') or action = 'PASSKEY_COUNTER_REGRESSION') as passkey_failures,
          count(*) filter (where action = 'TOKEN_REUSE') as token_reuse,
          coalesce(sum(case when metadata->>'count' ~ '^[0-9]{1,9}$' then (metadata->>'count')::integer else 1 end)
            filter (where action = 'RATE_LIMITED'), 0) as rate_limit_denials,
          count(*) filter (where action = 'RATE_LIMITER_DEGRADED') as limiter_degraded
        from audit_log where action in (${list(COUNTED_ACTIONS)}) and ${inWindow(w)}`,
  );
  return {
    failedLogins: n(r?.failed_logins),
    accountLockouts: n(r?.account_lockouts),
    ipLockouts: n(r?.ip_lockouts),
    mfaFailures: n(r?.mfa_failures),
    passkeyFailures: n(r?.passkey_failures),
    tokenReuse: n(r?.token_reuse),
    rateLimitDenials: n(r?.rate_limit_denials),
    limiterDegradedReports: n(r?.limiter_degraded),
  };
}

async function byIp(w: SignalWindow, order: SQL, limit: number): Promise<IpFailures[]> {
  const rows = await queryRows<{ ip: string; failures: string | number; accounts: string | number }>(
    db(),
    sql`select ${ipText} as ip, count(*) as failures, count(distinct ${accountKey}) as accounts
        from audit_log where ${failedLogin(w)} group by 1 order by ${order}, 1 limit ${limit}`,
  );
  return rows.map((r) => ({ ip: r.ip, failures: n(r.failures), accounts: n(r.accounts) }));
}

async function byAccount(w: SignalWindow, order: SQL, limit: number): Promise<AccountFailures[]> {
  const rows = await queryRows<{ account: string; failures: string | number; ips: string | number }>(
    db(),
    sql`select ${accountKey} as account, count(*) as failures, count(distinct ${ipText}) as ips
        from audit_log where ${failedLogin(w)} group by 1 order by ${order}, 1 limit ${limit}`,
  );
  return rows.map((r) => ({ account: r.account, failures: n(r.failures), ips: n(r.ips) }));
}

/** Failed sign-ins per client IP, most first, with the number of distinct accounts tried from it. */
export const failedLoginsByIp = (w: SignalWindow, limit = 10) => byIp(w, sql`2 desc, 3 desc`, limit);
/** Credential-stuffing shape: IPs that tried the most distinct accounts. */
export const stuffingCandidates = (w: SignalWindow, limit = 10) => byIp(w, sql`3 desc, 2 desc`, limit);
/** Failed sign-ins per account (user:<id> or email:<address>), most first, with the number of distinct IPs. */
export const failedLoginsByAccount = (w: SignalWindow, limit = 10) => byAccount(w, sql`2 desc, 3 desc`, limit);
/** Brute-force shape (distributed): accounts tried from the most distinct IPs. */
export const bruteForceCandidates = (w: SignalWindow, limit = 10) => byAccount(w, sql`3 desc, 2 desc`, limit);

/** Failed sign-ins per step of the window, zero-filled (the dashboard's chart and the detectors' baseline). */
export async function failedLoginSeries(w: SignalWindow): Promise<{ t: string; failures: number }[]> {
  const rows = await queryRows<{ t: string | number; failures: string | number }>(
    db(),
    sql`select (floor(extract(epoch from occurred_at) / ${w.stepSeconds}::integer) * ${w.stepSeconds}::integer)::bigint as t, count(*) as failures
        from audit_log where ${failedLogin(w)} group by 1`,
  );
  const byStep = new Map(rows.map((r) => [n(r.t) * 1000, n(r.failures)]));
  return stepStarts(w).map((t) => ({ t: new Date(t).toISOString(), failures: byStep.get(t) ?? 0 }));
}

/** Rate-limit denials per policy and client IP, most first (from the limiter's RATE_LIMITED reports). */
export async function rateLimitDenials(w: SignalWindow, limit = 10): Promise<{ policy: string; ip: string; denials: number }[]> {
  const rows = await queryRows<{ policy: string | null; ip: string; denials: string | number }>(
    db(),
    sql`select metadata->>'policy' as policy, coalesce(host(ip), target_id, 'unknown') as ip,
          sum(case when metadata->>'count' ~ '^[0-9]{1,9}$' then (metadata->>'count')::integer else 1 end) as denials
        from audit_log where action = 'RATE_LIMITED' and ${inWindow(w)}
        group by 1, 2 order by 3 desc, 2 limit ${limit}`,
  );
  return rows.map((r) => ({ policy: r.policy ?? "unknown", ip: r.ip, denials: n(r.denials) }));
}

export type SecurityEvent = { at: string; action: string; target: string | null; ip: string | null; actorUserId: number | null };

/** The latest lockouts and token reuses (what an on-call admin looks at first), newest first. */
export async function recentSecurityEvents(w: SignalWindow, limit = 20): Promise<SecurityEvent[]> {
  const rows = await queryRows<{ at: string | Date; action: string; target: string | null; ip: string | null; actor: string | number | null }>(
    db(),
    sql`select occurred_at as at, action, target_id as target, host(ip) as ip, actor_user_id as actor
        from audit_log where action in ('ACCOUNT_LOCKED', 'IP_LOCKED', 'TOKEN_REUSE', 'PASSKEY_COUNTER_REGRESSION') and ${inWindow(w)}
        order by occurred_at desc limit ${limit}`,
  );
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), action: r.action, target: r.target, ip: r.ip, actorUserId: r.actor === null ? null : n(r.actor) }));
}
