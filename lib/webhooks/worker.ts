import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, sql } from "drizzle-orm";
import { db, queryRows } from "@/db/client";
import { webhookAttempts, webhookDeliveries } from "@/db/schema";
import { loadUserAccess } from "@/lib/auth/user-access";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { OWNER_VIEW_LOST, viewCovers } from "./audience";
import { retryDelayMs } from "./backoff";
import { openWebhookSecret } from "./secret";
import { sendWebhook, type SendResult } from "./send";
import { signatureHeader } from "./signature";
import { checkWebhookTarget, privateTargetsAllowed, REFUSED_AT_DELIVERY } from "./url-guard";

/**
 * The delivery worker. A run claims due deliveries with one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)
 * that sets a lease: concurrent runs (other instances) skip rows another run is claiming and do not see rows under
 * a live lease, so each attempt is made by one instance. The lease outlasts a worst-case attempt (DNS up to the
 * timeout, then the send up to the timeout, plus a margin); if the instance dies mid-attempt the lease expires and
 * the row is claimed again (at-least-once: receivers dedupe on the signed body's `id`). The outcome is written only
 * while the lease is still ours.
 *
 * Fairness: at most PER_ENDPOINT deliveries of one endpoint are in flight at a time (across runs and instances), so
 * one slow or dead receiver holds at most that many slots and everyone else's deliveries are claimed around it.
 */

const LEASE_MARGIN_MS = 60_000;
export const PER_ENDPOINT = 2;
const INSTANCE = `${hostname().slice(0, 32)}:${process.pid}:${randomBytes(3).toString("hex")}`;
let runCounter = 0;

type Claimed = {
  id: string;
  endpoint_id: string;
  owner_id: number | string; // bigint: node-postgres returns it as text
  event_id: string;
  event_type: string;
  audience: string | null;
  payload: string;
  attempt_count: number;
  url: string;
  secret_encrypted: Uint8Array;
};

export type DeliveryRunSummary = {
  claimed: number;
  succeeded: number;
  retrying: number;
  failed: number;
  lost: number;
};

/** A worst-case attempt: DNS (bounded by the timeout), then the exchange (bounded by the timeout), then a margin. */
export const leaseMsFor = (timeoutMs: number) => 2 * timeoutMs + LEASE_MARGIN_MS;

async function claimDue(limit: number, workerId: string, leaseMs: number): Promise<Claimed[]> {
  // deliveries of a disabled endpoint wait (they resume if it is enabled again); a deleted one takes its rows along.
  // `ranked` picks the oldest due rows of each endpoint up to its free slots (PER_ENDPOINT minus live leases);
  // `picked` then locks them, checking again that they are still due and unleased (another run may have won).
  return queryRows<Claimed>(
    db(),
    sql`with inflight as (
          select endpoint_id, count(*)::int as n from webhook_deliveries
          where status = 'pending' and locked_until > now() group by endpoint_id
        ), ranked as (
          select d2.id, d2.next_attempt_at, d2.created_at, coalesce(i.n, 0) as busy,
            row_number() over (partition by d2.endpoint_id order by d2.next_attempt_at, d2.created_at) as rn
          from webhook_deliveries d2
          join webhook_endpoints e2 on e2.id = d2.endpoint_id
          left join inflight i on i.endpoint_id = d2.endpoint_id
          where d2.status = 'pending' and d2.next_attempt_at <= now()
            and (d2.locked_until is null or d2.locked_until <= now()) and e2.is_active
        ), picked as (
          select d3.id from webhook_deliveries d3
          where d3.id in (
              select id from ranked where rn + busy <= ${PER_ENDPOINT}
              order by next_attempt_at, created_at limit ${limit})
            and d3.status = 'pending' and (d3.locked_until is null or d3.locked_until <= now())
          for update of d3 skip locked
        )
        update webhook_deliveries d
        set locked_until = now() + make_interval(secs => ${leaseMs / 1000}), locked_by = ${workerId}
        from webhook_endpoints e
        where e.id = d.endpoint_id and d.id in (select id from picked)
        returning d.id, d.endpoint_id, e.owner_id, d.event_id, d.event_type, d.audience, d.payload, d.attempt_count,
          e.url, e.secret_encrypted`,
  );
}

/**
 * The owner as of now may still receive this delivery: active, holding webhooks:manage, and still holding the view
 * the payload was built for (a payload built for an administrator must not reach a since-demoted owner).
 */
async function ownerMayReceive(d: Claimed): Promise<boolean> {
  const access = await loadUserAccess(Number(d.owner_id));
  return (
    !!access?.user.isActive &&
    access.permissions.has("webhooks:manage") &&
    viewCovers(d.event_type, d.audience, { userId: access.user.id, permissions: access.permissions })
  );
}

/** Ends a delivery the owner may no longer receive, without sending it (and without an attempt: nothing was sent). */
async function refuse(d: Claimed, workerId: string): Promise<Outcome> {
  const [row] = await db()
    .update(webhookDeliveries)
    .set({ status: "failed", lockedUntil: null, lockedBy: null, lastError: OWNER_VIEW_LOST, completedAt: sql`now()` })
    .where(leaseHeld(d, workerId))
    .returning({ id: webhookDeliveries.id });
  return row ? "failed" : "lost";
}

const leaseHeld = (d: Claimed, workerId: string) =>
  and(
    eq(webhookDeliveries.id, d.id),
    eq(webhookDeliveries.lockedBy, workerId),
    eq(webhookDeliveries.attemptCount, d.attempt_count),
    eq(webhookDeliveries.status, "pending"),
  );

function headersFor(d: Claimed, secret: string): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "User-Agent": "SecureShop-Webhooks/1",
    "Shop-Event": d.event_type,
    "Shop-Event-Id": d.event_id,
    "Shop-Delivery": d.id,
    // the time of THIS attempt, so a receiver can refuse anything older than a few minutes
    "Shop-Signature": signatureHeader(secret, d.payload, Math.floor(Date.now() / 1000)),
  };
}

const failure = (error: string): SendResult => ({ status: null, excerpt: null, error, durationMs: 0 });

/** One attempt: decrypt, check the target again (SSRF, at send time), sign, POST. Never throws. */
async function attempt(d: Claimed, timeoutMs: number): Promise<SendResult> {
  let secret: string;
  try {
    secret = openWebhookSecret(d.endpoint_id, d.secret_encrypted);
  } catch {
    return failure(
      "the endpoint's secret cannot be decrypted (was ENCRYPTION_KEY changed?); rotate the secret",
    );
  }
  const allowPrivate = privateTargetsAllowed();
  const check = await checkWebhookTarget(d.url, { allowPrivate, timeoutMs });
  if (!check.ok) return failure(REFUSED_AT_DELIVERY);
  return sendWebhook(
    { url: check.url, addresses: check.addresses, allowPrivate },
    headersFor(d, secret),
    d.payload,
    timeoutMs,
  );
}

type Outcome = "succeeded" | "retrying" | "failed" | "lost";

/** Writes the attempt and the delivery's new state, only while this run still holds the lease. */
async function record(d: Claimed, workerId: string, startedAt: Date, result: SendResult): Promise<Outcome> {
  const e = env();
  const number = d.attempt_count + 1;
  const ok = result.error === null && result.status !== null && result.status >= 200 && result.status < 300;
  const status = ok ? "succeeded" : number >= e.WEBHOOK_MAX_ATTEMPTS ? "failed" : "pending";
  const delay = retryDelayMs(number, e.WEBHOOK_BACKOFF_BASE_MS, e.WEBHOOK_BACKOFF_MAX_MS);
  const error = result.error ?? (ok ? null : `HTTP ${result.status ?? "?"} is not a 2xx answer`);
  return db().transaction(async (tx) => {
    const [row] = await tx
      .update(webhookDeliveries)
      .set({
        status,
        attemptCount: number,
        nextAttemptAt: status === "pending" ? sql`now() + make_interval(secs => ${delay / 1000})` : undefined,
        lockedUntil: null,
        lockedBy: null,
        lastAttemptAt: startedAt,
        lastResponseStatus: result.status,
        lastResponseExcerpt: result.excerpt,
        lastError: error,
        completedAt: status === "pending" ? null : sql`now()`,
      })
      .where(leaseHeld(d, workerId))
      .returning({ id: webhookDeliveries.id });
    if (!row) return "lost";
    await tx.insert(webhookAttempts).values({
      deliveryId: d.id,
      attemptNumber: number,
      startedAt,
      durationMs: result.durationMs,
      responseStatus: result.status,
      responseBodyExcerpt: result.excerpt,
      error,
      workerId,
    });
    return status === "pending" ? "retrying" : status;
  });
}

/** One delivery, recorded as soon as its own attempt ends (never waiting for the rest of the batch). */
async function deliver(d: Claimed, workerId: string, timeoutMs: number): Promise<Outcome> {
  try {
    if (!(await ownerMayReceive(d))) return await refuse(d, workerId);
    const startedAt = new Date();
    const result = await attempt(d, timeoutMs);
    return await record(d, workerId, startedAt, result);
  } catch (error) {
    // the lease runs out and the attempt is made again: at least once, never silently dropped
    log.error("webhook attempt not recorded", { delivery: d.id, ...errorFields(error) });
    return "lost";
  }
}

/**
 * Claims up to `limit` due deliveries (at most PER_ENDPOINT per endpoint) and makes one attempt at each, in
 * parallel; each is recorded when it ends. The run itself ends with its slowest attempt: the loop therefore runs
 * several at once (loop.ts), so a slow receiver does not hold up the next run. Called by the worker loop and
 * directly by tests and scripts.
 */
export async function runWebhookDeliveries(
  options: { limit?: number; workerId?: string } = {},
): Promise<DeliveryRunSummary> {
  const e = env();
  const workerId = options.workerId ?? `${INSTANCE}:${++runCounter}`;
  const claimed = await claimDue(
    options.limit ?? e.WEBHOOK_BATCH_SIZE,
    workerId,
    leaseMsFor(e.WEBHOOK_TIMEOUT_MS),
  );
  const outcomes = await Promise.all(claimed.map((d) => deliver(d, workerId, e.WEBHOOK_TIMEOUT_MS)));
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
  return {
    claimed: claimed.length,
    succeeded: count("succeeded"),
    retrying: count("retrying"),
    failed: count("failed"),
    lost: count("lost"),
  };
}
