import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, sql } from "drizzle-orm";
import { db, queryRows } from "@/db/client";
import { webhookAttempts, webhookDeliveries } from "@/db/schema";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { retryDelayMs } from "./backoff";
import { openWebhookSecret } from "./secret";
import { sendWebhook, type SendResult } from "./send";
import { signatureHeader } from "./signature";
import { checkWebhookTarget, privateTargetsAllowed } from "./url-guard";

/**
 * The delivery worker. A run claims due deliveries with one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)
 * that sets a lease: concurrent runs (other instances) skip rows another run is claiming and do not see rows under
 * a live lease, so each attempt is made by one instance. The lease outlasts an attempt (timeout + margin); if the
 * instance dies mid-attempt the lease expires and the row is claimed again (at-least-once: receivers dedupe on
 * Shop-Event-Id / Shop-Delivery). The outcome is written only while the lease is still ours.
 */

const LEASE_MARGIN_MS = 60_000;
const INSTANCE = `${hostname().slice(0, 32)}:${process.pid}:${randomBytes(3).toString("hex")}`;
let runCounter = 0;

type Claimed = {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
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

async function claimDue(limit: number, workerId: string, leaseMs: number): Promise<Claimed[]> {
  // deliveries of a disabled endpoint wait (they resume if it is enabled again); a deleted one takes its rows along
  return queryRows<Claimed>(
    db(),
    sql`update webhook_deliveries d
        set locked_until = now() + make_interval(secs => ${leaseMs / 1000}), locked_by = ${workerId}
        from webhook_endpoints e
        where e.id = d.endpoint_id and d.id in (
          select d2.id from webhook_deliveries d2
          join webhook_endpoints e2 on e2.id = d2.endpoint_id
          where d2.status = 'pending' and d2.next_attempt_at <= now()
            and (d2.locked_until is null or d2.locked_until <= now()) and e2.is_active
          order by d2.next_attempt_at, d2.created_at
          limit ${limit}
          for update of d2 skip locked)
        returning d.id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.attempt_count, e.url, e.secret_encrypted`,
  );
}

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

function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

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
  const unresolved = {
    ok: false as const,
    problems: [`the host name could not be resolved within ${timeoutMs} ms`],
  };
  const check = await withTimeout(checkWebhookTarget(d.url, { allowPrivate }), timeoutMs, unresolved);
  if (!check.ok) return failure(`refused by the SSRF guard: ${check.problems.join(" ")}`.slice(0, 500));
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
      .where(
        and(
          eq(webhookDeliveries.id, d.id),
          eq(webhookDeliveries.lockedBy, workerId),
          eq(webhookDeliveries.attemptCount, d.attempt_count),
          eq(webhookDeliveries.status, "pending"),
        ),
      )
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

async function deliver(d: Claimed, workerId: string, timeoutMs: number): Promise<Outcome> {
  const startedAt = new Date();
  const result = await attempt(d, timeoutMs);
  try {
    return await record(d, workerId, startedAt, result);
  } catch (error) {
    // the lease runs out and the attempt is made again: at least once, never silently dropped
    log.error("webhook attempt not recorded", { delivery: d.id, ...errorFields(error) });
    return "lost";
  }
}

/**
 * Claims up to `limit` due deliveries and makes one attempt at each, in parallel (so every lease is held for about
 * one timeout). Called by the worker loop and directly by tests and scripts.
 */
export async function runWebhookDeliveries(
  options: { limit?: number; workerId?: string } = {},
): Promise<DeliveryRunSummary> {
  const e = env();
  const workerId = options.workerId ?? `${INSTANCE}:${++runCounter}`;
  const claimed = await claimDue(
    options.limit ?? e.WEBHOOK_BATCH_SIZE,
    workerId,
    e.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS,
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
