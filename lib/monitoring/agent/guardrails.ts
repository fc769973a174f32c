import { sql } from "drizzle-orm";
import { db, queryRows } from "@/db/client";
import type { AgentMode } from "@/lib/monitoring/config";

/**
 * The agent's guardrails that read the database: the hourly cap, no duplicate of a live decision, and never
 * locking out or signing out the last active administrator (one holding roles:manage, as lib/users counts them).
 */

const n = (v: unknown) => Number(v ?? 0);

/**
 * Automatic actions of one type recorded in the hour before `now` (in dry-run, the dry-run decisions: the cap behaves
 * the same). The cap is per type, so a flood of cheap findings (many IPs to block) cannot use up the budget that a
 * session revocation or an account lock needs.
 */
export async function actionsInLastHour(now: Date, mode: AgentMode, type: string): Promise<number> {
  const statuses = mode === "dry-run" ? sql`('dry_run')` : sql`('executing', 'completed', 'expired', 'rolled_back')`;
  const [row] = await queryRows<{ n: string | number }>(
    db(),
    sql`select count(*) as n from agent_actions
        where created_at > ${new Date(now.getTime() - 3600_000).toISOString()}::timestamptz and created_at <= ${now.toISOString()}::timestamptz
          and requires_approval = false and action_type = ${type} and status in ${statuses}`,
  );
  return n(row?.n);
}

/**
 * The live decision already taken for this action and target: anything not yet expired (taken, awaiting approval,
 * undone by an admin — the agent does not overrule them), except real failures and decisions suppressed by the cap,
 * which may be retried. Dry-run decisions count only in dry-run.
 */
export async function liveDuplicate(type: string, target: string, now: Date, mode: AgentMode): Promise<{ id: number; status: string } | null> {
  const [row] = await queryRows<{ id: string | number; status: string }>(
    db(),
    sql`select id, status from agent_actions
        where action_type = ${type} and target = ${target} and expires_at > ${now.toISOString()}::timestamptz
          and coalesce(metadata->>'outcome', '') not in ('failed', 'suppressed')
          and (status <> 'dry_run' or ${mode} = 'dry-run')
        order by id desc limit 1`,
  );
  return row ? { id: n(row.id), status: row.status } : null;
}

/** True when the user is an active administrator and no other active, not locked administrator exists. */
export async function isLastActiveAdmin(userId: number): Promise<boolean> {
  const [row] = await queryRows<{ is_admin: boolean; admins: string | number }>(
    db(),
    sql`with admins as (
          select distinct u.id from users u
          join user_roles ur on ur.user_id = u.id
          join roles r on r.id = ur.role_id and r.is_active
          join role_permissions rp on rp.role_id = r.id
          join permissions p on p.id = rp.permission_id and p.code = 'roles:manage'
          -- an admin already locked out cannot undo anything: only usable admins count (the one in question always does)
          where u.is_active and (u.locked_until is null or u.locked_until <= now() or u.id = ${userId}))
        select exists (select 1 from admins where id = ${userId}) as is_admin, (select count(*) from admins) as admins`,
  );
  return Boolean(row?.is_admin) && n(row?.admins) <= 1;
}
