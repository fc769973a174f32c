import { like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as productDetail } from "@/app/api/products/[id]/route";
import { GET as productList } from "@/app/api/products/route";
import { openDatabase, setDbHandle } from "@/db/client";
import { auditLog, metricBuckets, orders } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import { auditChainStatus, resetAuditChainStatusForTests } from "@/lib/monitoring/audit-chain-status";
import { cancelledOrders, lowStockProducts, orderSeries } from "@/lib/monitoring/business-signals";
import { flushRequestMetrics } from "@/lib/monitoring/flush-loop";
import { collectHealth, cpuProbe, databaseProbe, diskProbe, eventLoopProbe } from "@/lib/monitoring/health-probes";
import { bucketIndex } from "@/lib/monitoring/latency-buckets";
import { startProcessSampling } from "@/lib/monitoring/process-sampling";
import { RequestMetrics, requestMetrics } from "@/lib/monitoring/request-metrics";
import { requestSeries, routeSummaries, statusClassTotals } from "@/lib/monitoring/request-queries";
import {
  bruteForceCandidates,
  failedLoginSeries,
  failedLoginsByAccount,
  failedLoginsByIp,
  rateLimitDenials,
  recentSecurityEvents,
  securityCounts,
  stuffingCandidates,
} from "@/lib/monitoring/security-signals";
import { collectSignals } from "@/lib/monitoring/signals";
import { windowFor } from "@/lib/monitoring/window";
import type { RequestMeta } from "@/lib/security/request-meta";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { call } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();

/** A whole minute well inside the last hour's window. */
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
const meta = (ip: string): RequestMeta => ({ ip, userAgent: "test", requestId: null });

type BucketRow = { count: number; errors: number; latencySumMs: number; latencyHistogram: number[] };
async function bucketsLike(prefix: string): Promise<BucketRow[]> {
  return t.db
    .select({ count: metricBuckets.count, errors: metricBuckets.errors, latencySumMs: metricBuckets.latencySumMs, latencyHistogram: metricBuckets.latencyHistogram })
    .from(metricBuckets)
    .where(like(metricBuckets.route, `${prefix}%`));
}

describe("request metrics into metric_buckets", () => {
  it("two instances flushing concurrently into the same rows add up exactly", async () => {
    const a = new RequestMetrics();
    const b = new RequestMetrics();
    const expected = { count: 0, errors: 0, latency: 0 };
    const keys = new Set<string>();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 300; i++) {
        const route = `/test/merge/${i % 60}/`;
        const status = i % 10 === 0 ? 500 : i % 7 === 0 ? 404 : 200;
        const ms = (i * 37) % 3000;
        keys.add(`${route} ${i % 3} ${status}`);
        for (const m of [a, b]) {
          m.record({ route, method: "GET", status, durationMs: ms, at: T0 + (i % 3) * 60_000 });
          expected.count++;
          expected.errors += status === 500 ? 1 : 0;
          expected.latency += ms;
        }
      }
      // both instances upsert overlapping keys at the same moment (real concurrency on PostgreSQL)
      expect(await Promise.all([a.flush(t.db), b.flush(t.db)])).toEqual([true, true]);
    }
    const rows = await bucketsLike("/test/merge/");
    expect(rows).toHaveLength(keys.size);
    const total = rows.reduce((s, r) => ({ count: s.count + r.count, errors: s.errors + r.errors, latency: s.latency + r.latencySumMs, hist: s.hist + r.latencyHistogram.reduce((x, y) => x + y, 0) }), { count: 0, errors: 0, latency: 0, hist: 0 });
    expect(total).toEqual({ count: expected.count, errors: expected.errors, latency: expected.latency, hist: expected.count });
    for (const r of rows) expect(r.latencyHistogram.reduce((x, y) => x + y, 0)).toBe(r.count);
  });

  it("p50/p95/p99 read from the database fall in the buckets of the recorded latencies' percentiles", async () => {
    const m = new RequestMetrics();
    const latencies = Array.from({ length: 1000 }, (_, i) => Math.round(2 + ((i * 7919) % 1000) ** 2 / 400)); // skewed: 2 … 2500 ms
    const half = latencies.length / 2;
    latencies.forEach((ms, i) => m.record({ route: "/test/percentiles/", method: "GET", status: 200, durationMs: ms, at: T0 + (i < half ? 0 : 30_000) }));
    // two flushes into the same minute: the histogram is summed in the database
    const other = new RequestMetrics();
    expect(await m.flush(t.db)).toBe(true);
    expect(await other.flush(t.db)).toBe(true);
    const series = await requestSeries(windowFor("1h"), { route: "/test/percentiles/" });
    const point = series.find((p) => p.t === new Date(T0).toISOString())!;
    expect(point.requests).toBe(1000);
    expect(series.reduce((s, p) => s + p.requests, 0)).toBe(1000);
    const sorted = [...latencies].sort((x, y) => x - y);
    const truth = (q: number) => sorted[Math.ceil(q * sorted.length) - 1]!;
    expect(bucketIndex(point.p50!)).toBe(bucketIndex(truth(0.5)));
    expect(bucketIndex(point.p95!)).toBe(bucketIndex(truth(0.95)));
    expect(bucketIndex(point.p99!)).toBe(bucketIndex(truth(0.99)));
    expect(point.avgMs).toBeCloseTo(latencies.reduce((s, v) => s + v, 0) / 1000, 0);
  });

  it("a real route called through withApi is counted under its pattern, 4xx by class, not as errors", async () => {
    const before = requestMetrics().stats().pendingKeys;
    expect((await call(productList, { path: "/api/products/" })).status).toBe(200);
    expect((await call(productList, { path: "/api/products" })).status).toBe(200);
    expect((await call(productDetail, { path: "/api/products/987654/", params: { id: "987654" } })).status).toBe(404);
    expect(requestMetrics().stats().pendingKeys).toBeGreaterThan(before);
    expect(await flushRequestMetrics()).toBe(true);
    expect(requestMetrics().stats().pendingKeys).toBe(0);

    const routes = await routeSummaries(windowFor("1h"), 500);
    const list = routes.find((r) => r.route === "/api/products/" && r.method === "GET")!;
    expect(list).toMatchObject({ requests: 2, errors: 0, errorRate: 0, byClass: { "2xx": 2 } });
    expect(list.p50).not.toBeNull();
    const detail = routes.find((r) => r.route === "/api/products/[id]/")!;
    expect(detail).toMatchObject({ method: "GET", requests: 1, errors: 0, byClass: { "404": 1 } });
    expect(routes.some((r) => r.route.includes("987654"))).toBe(false);
    expect((await statusClassTotals(windowFor("1h")))["404"]).toBeGreaterThanOrEqual(1);
  });
});

describe("security signals from the audit log", () => {
  const stuffer = "203.0.113.66";
  beforeAll(async () => {
    // credential stuffing: 12 failures from one IP over 10 accounts
    for (let i = 0; i < 12; i++) {
      await audit({ action: "LOGIN", targetType: "USER", targetId: 5000 + (i % 10), result: "FAILURE", meta: meta(stuffer), metadata: { door: "browser", reason: "bad_password" } });
    }
    // brute force on one unknown email from 5 IPs
    for (let i = 0; i < 5; i++) {
      await audit({ action: "LOGIN", targetType: "USER", result: "FAILURE", meta: meta(`198.51.100.${i + 1}`), metadata: { door: "api", reason: "unknown_account", email: "Victim@Example.test" } });
    }
    await audit({ action: "LOGIN", targetType: "USER", targetId: 7000, result: "FAILURE", meta: meta("192.0.2.10"), metadata: { door: "browser", reason: "bad_second_factor", factor: "otp" } });
    await audit({ action: "LOGIN", targetType: "USER", targetId: 7001, result: "FAILURE", meta: meta("192.0.2.11"), metadata: { door: "passkey", reason: "bad_signature" } });
    await audit({ action: "TOTP_DISABLE", targetType: "USER", targetId: 7000, result: "FAILURE", meta: meta("192.0.2.10"), metadata: { reason: "invalid" } });
    await audit({ action: "WEBAUTHN_REGISTER_COMPLETE", targetType: "USER", targetId: 7001, result: "FAILURE", meta: meta("192.0.2.11") });
    await audit({ action: "ACCOUNT_LOCKED", targetType: "USER", targetId: 5001, result: "BLOCKED", meta: meta(stuffer), metadata: { scope: "account" } });
    await audit({ action: "IP_LOCKED", targetType: "IP", targetId: stuffer, result: "BLOCKED", meta: meta(stuffer), metadata: { scope: "ip" } });
    await audit({ action: "TOKEN_REUSE", targetType: "SESSION", targetId: "sess-1", result: "BLOCKED", actorUserId: 7002, meta: meta("192.0.2.12") });
    await audit({ action: "RATE_LIMITED", targetType: "IP", targetId: stuffer, result: "BLOCKED", meta: meta(stuffer), metadata: { policy: "auth.login", count: 7 } });
    await audit({ action: "RATE_LIMITED", targetType: "IP", targetId: stuffer, result: "BLOCKED", meta: meta(stuffer), metadata: { policy: "auth.login", count: 3 } });
    // outside the window: must not count
    await t.db.execute(sql`update audit_log set occurred_at = now() - interval '3 hours' where id = (select max(id) from audit_log where action = 'RATE_LIMITED')`);
    resetAuditChainStatusForTests();
  });

  it("finds the stuffing IP first, with 10 distinct accounts, and the brute-forced account with 5 IPs", async () => {
    const w = windowFor("1h");
    const [top] = await stuffingCandidates(w);
    expect(top).toEqual({ ip: stuffer, failures: 12, accounts: 10 });
    expect((await failedLoginsByIp(w, 3))[0]).toEqual({ ip: stuffer, failures: 12, accounts: 10 });
    expect((await bruteForceCandidates(w))[0]).toEqual({ account: "email:victim@example.test", failures: 5, ips: 5 });
    const byAccount = await failedLoginsByAccount(w, 50);
    expect(byAccount.find((a) => a.account === "user:5000")).toEqual({ account: "user:5000", failures: 2, ips: 1 });
  });

  it("counts lockouts, MFA and passkey failures, token reuse and rate-limit denials in the window", async () => {
    const w = windowFor("1h");
    expect(await securityCounts(w)).toEqual({
      failedLogins: 19,
      accountLockouts: 1,
      ipLockouts: 1,
      mfaFailures: 2,
      passkeyFailures: 2,
      tokenReuse: 1,
      rateLimitDenials: 7,
      limiterDegradedReports: 0,
    });
    expect(await rateLimitDenials(w)).toEqual([{ policy: "auth.login", ip: stuffer, denials: 7 }]);
    expect((await rateLimitDenials(windowFor("24h")))[0]?.denials).toBe(10);
    expect((await failedLoginSeries(w)).reduce((s, p) => s + p.failures, 0)).toBe(19);
    const events = await recentSecurityEvents(w);
    expect(events.map((e) => e.action).sort()).toEqual(["ACCOUNT_LOCKED", "IP_LOCKED", "TOKEN_REUSE"]);
  });

  it("reports the audit chain: ok while intact, broken when the last verified row changes", async () => {
    // the out-of-window edit above was a direct UPDATE: that row's hash no longer matches
    const first = await auditChainStatus();
    expect(first.status).toBe("broken");
    expect(first.broken.map((b) => b.reason)).toEqual(["content_changed"]);
    const [max] = await t.db.select({ id: sql<number>`max(${auditLog.id})` }).from(auditLog);
    expect(Number(first.verifiedToId)).toBe(Number(max!.id));

    // repair by re-anchoring on a fresh chain tail: new rows are verified incrementally
    resetAuditChainStatusForTests();
    await t.db.execute(sql`delete from audit_log`);
    await audit({ action: "LOGIN", targetType: "USER", targetId: 1, result: "SUCCESS", meta: meta("192.0.2.1") });
    const ok = await auditChainStatus();
    expect(ok).toMatchObject({ status: "ok", broken: [], checkedThisCall: 1, lastFullVerification: null });
    await audit({ action: "LOGIN", targetType: "USER", targetId: 2, result: "SUCCESS", meta: meta("192.0.2.1") });
    expect(await auditChainStatus()).toMatchObject({ status: "ok", checkedThisCall: 1 });

    await t.db.execute(sql`update audit_log set metadata = '{"forged": true}'::jsonb where id = (select max(id) from audit_log)`);
    const broken = await auditChainStatus();
    expect(broken.status).toBe("broken");
    expect(broken.broken[0]?.reason).toBe("content_changed");
  });
});

describe("business signals", () => {
  it("orders per minute, cancelled orders and low-stock products", async () => {
    const seller = await createUser({ roles: ["SELLER"] });
    const customer = await createUser();
    const baseline = await lowStockProducts();
    await createProduct(seller.id, { stockQuantity: 2 });
    await createProduct(seller.id, { stockQuantity: 0 });
    await createProduct(seller.id, { stockQuantity: 1, isActive: false });
    await createProduct(seller.id, { stockQuantity: 50 });
    const order = (n: number, extra: Partial<typeof orders.$inferInsert> = {}) => ({
      orderNumber: `ORD-MON-${n}`,
      customerId: customer.id,
      subtotal: "10.00",
      taxAmount: "1.00",
      shippingCost: "5.00",
      totalAmount: "16.00",
      shippingAddress: "1 Test St",
      shippingCity: "Testville",
      shippingPostalCode: "12345",
      shippingCountry: "Testland",
      createdAt: new Date(T0 + 5_000),
      ...extra,
    });
    await t.db.insert(orders).values([order(1), order(2), order(3, { status: "CANCELLED", cancelledAt: new Date() }), order(4, { createdAt: new Date(Date.now() - 3 * 3600_000) })]);

    const w = windowFor("1h");
    const series = await orderSeries(w);
    expect(series).toHaveLength(60);
    expect(series.find((p) => p.t === new Date(T0).toISOString())).toMatchObject({ orders: 3, amountCents: 4800 });
    expect(series.reduce((s, p) => s + p.orders, 0)).toBe(3);
    expect(await cancelledOrders(w)).toBe(1);
    const low = await lowStockProducts();
    expect(low.count).toBe(baseline.count + 2);
    expect(low.outOfStock).toBe(baseline.outOfStock + 1);
    expect(low.products[0]?.stock).toBe(0);
  });
});

describe("health probes", () => {
  it("answer sane values and never throw", async () => {
    startProcessSampling();
    const until = Date.now() + 1100;
    while (Date.now() < until) Math.sqrt(Math.random()); // keep a core busy for the CPU reading
    const probes = await collectHealth();
    expect(probes.map((p) => p.name)).toEqual(["event_loop", "cpu", "heap", "rss", "database", "redis", "rate_limiter", "disk", "metrics_flush"]);
    for (const p of probes) expect(["ok", "degraded", "down"]).toContain(p.status);
    const by = Object.fromEntries(probes.map((p) => [p.name, p]));
    expect(by.database).toMatchObject({ status: "ok", unit: "ms" });
    expect(by.database!.value).toBeGreaterThanOrEqual(0);
    expect(by.cpu!.value).toBeGreaterThan(20);
    expect(by.heap!.value).toBeGreaterThan(0);
    expect(by.heap!.value).toBeLessThan(100);
    expect(by.rss!.value).toBeGreaterThan(10);
    expect(by.disk!.value).toBeGreaterThan(0);
    expect(by.disk!.value).toBeLessThanOrEqual(100);
    expect(by.redis).toMatchObject({ status: "ok", value: null });
    expect(by.redis!.detail).toMatch(/not configured/);
    expect(by.rate_limiter!.status).toBe("ok");
    expect((await diskProbe()).unit).toBe("%");
    expect(cpuProbe().value).toBe(by.cpu!.value); // read again within 1 s: the same interval
    expect(eventLoopProbe().unit).toBe("ms");
  });

  it("reports the database down, without throwing, when it does not answer", async () => {
    const down = openDatabase({ url: "postgres://127.0.0.1:1/nothing", poolMax: 1 });
    setDbHandle(down);
    try {
      const probe = await databaseProbe();
      expect(probe).toMatchObject({ name: "database", status: "down" });
      expect(probe.detail).not.toMatch(/ECONNREFUSED/);
      // the flush fails too, and keeps its counts
      requestMetrics().record({ route: "/test/down/", method: "GET", status: 200, durationMs: 1 });
      expect(await flushRequestMetrics()).toBe(false);
      expect(requestMetrics().stats().pendingKeys).toBe(1);
    } finally {
      setDbHandle(t.handle);
      await down.close();
    }
    expect(await flushRequestMetrics()).toBe(true);
    expect((await bucketsLike("/test/down/"))[0]?.count).toBe(1);
  });

  it("collects every signal for a window in one call", async () => {
    const s = await collectSignals(windowFor("24h"));
    expect(s.requests.series).toHaveLength(144);
    expect(s.health).toHaveLength(9);
    expect(s.business.orders).toHaveLength(144);
  });
});
