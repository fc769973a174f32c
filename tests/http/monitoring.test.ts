import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, setDatabaseAvailable, sql, startInstance, stopEverything, type Instance } from "./harness";

/**
 * The monitoring agent against real servers of the production build, with real traffic:
 * - A (act) and B (dry-run) share database 1, each running the agent loop (one cycle at a time: advisory lock).
 *   A allow-lists the dry-run scenario's IP, so only B decides about it (the act instance never acts on it).
 * - C (act, FAULT_INJECTION=1, a webhook in this process) has database 2 to itself: fault drills, then an outage.
 * - E (APP_ENV=production, FAULT_INJECTION=1) is started briefly on database 1: the switch is never there.
 * The stuffing block lasts AGENT_BLOCK_MINUTES=1; while it runs out, the other scenarios go on, and a watcher keeps
 * asking as the blocked client, so the last test can say when it was served again.
 */
const INTERVAL = 5; // AGENT_INTERVAL_SECONDS: the smallest lib/env.ts allows
const TWO_CYCLES_MS = 2 * INTERVAL * 1000 + 5_000; // two cycles, plus slack for the 1 s metrics flush and the queries
const EDGE_POLL_MS = 3_000; // the middleware's refresh of the blocked IPs (lib/security/ip-blocks-edge.ts)
const STUFFER = "203.0.113.50";
const DRY_STUFFER = "203.0.113.60";
const ADMIN = { email: "admin@example.com", password: "Http-Monitoring-2026!" };
const VICTIMS = Array.from({ length: 6 }, (_, i) => `victim${i + 1}@shop.test`);

type Alert = { id: number; fingerprint: string; alert_type: string; severity: string; status: string; message: string; incident_id: number | null; evidence: Record<string, unknown> };
type Incident = { id: number; title: string; incident_type: string; severity: string; status: string; ai_detected: boolean; timeline: { event: string; detail: string }[] };
type Action = {
  id: number;
  action_type: string;
  target: string;
  status: string;
  mode: string;
  success: boolean | null;
  description: string;
  explanation: string;
  result_message: string;
  triggered_by: string;
  evidence: Record<string, unknown>;
  alert_id: number | null;
  incident_id: number | null;
  requires_approval: boolean;
  created_at: string;
  expires_at: string | null;
};
type Seen = { sentAt: number; receivedAt: number; status: number };

let a: Instance;
let b: Instance;
let c: Instance;
let db1: string;
let db2: string;
let hookServer: Server;
const hooks: Record<string, unknown>[] = [];
let adminA: Record<string, string>; // an access token names the instance that issued it (APP_URL)
let adminB: Record<string, string>;
let adminC: Record<string, string>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let ipCounter = 1;
const freshIp = () => `198.18.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;
const from = (ip: string) => ({ "x-forwarded-for": ip });
const JSON_HEADERS = { "content-type": "application/json" };

/** Polls `probe` until it gives a value, or fails naming what it waited for. */
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let failure = "";
  for (;;) {
    const v = await probe().catch((e: unknown) => ((failure = ` (last error: ${(e as Error).message.slice(0, 300)})`), null));
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${failure}`);
    await sleep(everyMs);
  }
}

async function results<T>(inst: Instance, path: string, headers: Record<string, string>): Promise<T[]> {
  const res = await fetch(`${inst.url}${path}`, { headers });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { results: T[] }).results;
}

const send = (inst: Instance, method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${inst.url}${path}`, { method, headers: { ...JSON_HEADERS, ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

/** The seeded admin signs in through the API (POST /api/auth/token/) and calls with the bearer token. */
async function adminHeaders(inst: Instance): Promise<Record<string, string>> {
  const res = await send(inst, "POST", "/api/auth/token/", from(freshIp()), ADMIN);
  expect(res.status).toBe(200);
  return { authorization: `Bearer ${((await res.json()) as { access: string }).access}`, ...from("198.51.100.7") };
}

/** Failed sign-ins from one client IP, one per account, with passwords that are not theirs. */
async function stuff(inst: Instance, ip: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const email of VICTIMS) statuses.push((await send(inst, "POST", "/api/auth/login/", from(ip), { email, password: "Summer2024!" })).status);
  return statuses;
}

const products = (inst: Instance, ip: string) => fetch(`${inst.url}/api/products/?page_size=1`, { headers: from(ip) });

/** One agent cycle now, as the admin (409 while a scheduled cycle holds the lock: then again, within monitoring.trigger's 6/min). */
async function trigger(inst: Instance, headers: Record<string, string>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const res = await send(inst, "POST", "/api/monitoring/ai-actions/trigger_monitoring/", headers, {});
    if (res.status === 200) return;
    expect(res.status).toBe(409);
    await sleep(1000);
  }
}

beforeAll(async () => {
  hookServer = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      hooks.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, "127.0.0.1", r));
  [db1, db2] = await Promise.all([createDatabase(), createDatabase()]);
  const agent = {
    TRUSTED_PROXY_HOPS: "1",
    SEED_DEMO_PASSWORD: ADMIN.password,
    METRICS_FLUSH_SECONDS: "1",
    AGENT_INTERVAL_SECONDS: String(INTERVAL),
    AGENT_BLOCK_MINUTES: "1",
    // the security window no longer than the block: once the block lapses the burst is out of the window, so the
    // agent does not block the same burst again (the defaults, 15-minute blocks and a 10-minute window, agree)
    MONITOR_SECURITY_WINDOW_MINUTES: "1",
  };
  [a, c] = await Promise.all([
    startInstance(3301, { ...agent, DATABASE_URL: db1, AGENT_MODE: "act", AGENT_ALLOWLIST_IPS: DRY_STUFFER }),
    startInstance(3303, { ...agent, DATABASE_URL: db2, AGENT_MODE: "act", FAULT_INJECTION: "1", AGENT_WEBHOOK_URL: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook` }),
  ]);
  // B after A: A migrated and seeded database 1
  b = await startInstance(3302, { ...agent, DATABASE_URL: db1, AGENT_MODE: "dry-run" });
  [adminA, adminB, adminC] = await Promise.all([adminHeaders(a), adminHeaders(b), adminHeaders(c)]);
  await sql(
    db1,
    `insert into users (email, username, password_hash, is_active, is_verified)
     select v.email, split_part(v.email, '@', 1), u.password_hash, true, true
     from unnest($1::text[]) as v(email), users u where u.email = $2`,
    [VICTIMS, ADMIN.email],
  );
}, 300_000);

afterAll(async () => {
  await stopEverything();
  await new Promise<void>((r) => hookServer.close(() => r()));
}, 60_000);

let block: { action: Action; expiresAt: number; watched: Promise<Seen[]> } | undefined;

/** Asks as `ip` every 400 ms while it is refused (status 403), until it is served or `deadline` passes. */
async function watch(inst: Instance, ip: string, deadline: number): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (;;) {
    const sentAt = Date.now();
    const status = await products(inst, ip).then(
      (r) => r.status,
      () => 0,
    );
    seen.push({ sentAt, receivedAt: Date.now(), status });
    if (status !== 403 || Date.now() > deadline) return seen;
    await sleep(400);
  }
}

describe("credential stuffing (AGENT_MODE=act)", () => {
  it("a burst from one IP → within two cycles an alert, an incident and an edge block; that IP is refused, others are served", async () => {
    expect(await stuff(a, STUFFER)).toEqual(VICTIMS.map(() => 401));
    const burstAt = Date.now();
    const action = await until("a block_ip action", TWO_CYCLES_MS, async () =>
      (await results<Action>(a, "/api/monitoring/ai-actions/?action_type=block_ip", adminA)).find((x) => x.target === STUFFER && x.status === "completed"),
    );
    console.info(`stuffing: block recorded ${Date.now() - burstAt} ms after the burst`);
    expect(action).toMatchObject({ mode: "act", success: true, requires_approval: false, triggered_by: "agent:schedule", description: `Block ${STUFFER} at the edge for 1 min` });
    expect(action.evidence).toMatchObject({ ip: STUFFER, accounts: 6, failures: 6, threshold: 5 });
    expect(action.explanation).toMatch(/lifts itself at/);

    const alert = (await results<Alert>(a, "/api/monitoring/alerts/?alert_type=security", adminA)).find((x) => x.fingerprint === `security:credential_stuffing:ip:${STUFFER}`);
    expect(alert).toMatchObject({ severity: "critical", status: "active", id: action.alert_id });
    expect(alert!.evidence).toMatchObject({ metric: "distinct_accounts_failed_from_ip", ip: STUFFER, accounts: 6, value: 6, threshold: 5, window: expect.stringMatching(/^last 1 min/) });
    expect(alert!.message).toContain(`${STUFFER} failed to sign in 6 times against 6 different accounts`);

    const incident = (await results<Incident>(a, "/api/monitoring/incidents/?incident_type=security", adminA)).find((i) => i.id === alert!.incident_id);
    expect(incident).toMatchObject({ status: "open", ai_detected: true, title: `Attack from ${STUFFER}`, id: action.incident_id });
    expect(incident!.timeline.map((e) => e.event)).toEqual(expect.arrayContaining(["opened", "alert_attached", "action_taken"]));

    const expiresAt = Date.parse(action.expires_at!);
    expect(expiresAt - Date.parse(action.created_at)).toBe(60_000);
    const rows = await sql<{ action_id: string; expires_at: Date; lifted_at: Date | null }>(db1, "select action_id, expires_at, lifted_at from ip_blocks where host(ip) = $1", [STUFFER]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action_id: String(action.id), lifted_at: null });
    expect(rows[0]!.expires_at.getTime()).toBe(expiresAt);

    // every instance's middleware refuses the IP within its poll; another client is served
    for (const inst of [a, b]) {
      const refused = await until(`${inst.url} to refuse ${STUFFER}`, EDGE_POLL_MS + 3_000, async () => {
        const res = await products(inst, STUFFER);
        return res.status === 403 ? res : null;
      }, 250);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(await refused.json()).toMatchObject({ status: 403, title: "Forbidden", detail: expect.stringMatching(/temporarily blocked/) });
      expect((await products(inst, freshIp())).status).toBe(200);
    }
    expect((await fetch(`${a.url}/`, { headers: from(STUFFER) })).status).toBe(403);
    expect((await fetch(`${a.url}/`, { headers: from(freshIp()) })).status).toBe(200);
    // the image optimiser too: a blocked client gets no product images through it
    expect((await fetch(`${a.url}/_next/image?url=${encodeURIComponent("/api/files/1/download/")}&w=384&q=75`, { headers: from(STUFFER) })).status).toBe(403);
    block = { action, expiresAt, watched: watch(a, STUFFER, expiresAt + 20_000) };
  }, 60_000);
});

describe("credential stuffing (AGENT_MODE=dry-run)", () => {
  it("instance B records the same decision for its burst, with its evidence, and the IP keeps being served", async () => {
    expect(block, "the act scenario ran first").toBeDefined();
    expect(await stuff(b, DRY_STUFFER)).toEqual(VICTIMS.map(() => 401));
    const burstAt = Date.now();
    const decision = await until("a dry-run block_ip decision", TWO_CYCLES_MS, async () =>
      (await results<Action>(b, "/api/monitoring/ai-actions/?action_type=block_ip&status=dry_run", adminB)).find((x) => x.target === DRY_STUFFER),
    );
    console.info(`dry-run: decision recorded ${Date.now() - burstAt} ms after the burst`);
    expect(decision).toMatchObject({ mode: "dry-run", status: "dry_run", triggered_by: "agent:schedule", requires_approval: false, description: block!.action.description.replace(STUFFER, DRY_STUFFER) });
    expect(decision.result_message).toMatch(/Dry run \(AGENT_MODE=dry-run\): recorded, nothing was changed/);
    expect(decision.evidence).toMatchObject({ ip: DRY_STUFFER, accounts: 6, failures: 6, threshold: 5 });
    const alert = (await results<Alert>(b, "/api/monitoring/alerts/?alert_type=security", adminB)).find((x) => x.fingerprint === `security:credential_stuffing:ip:${DRY_STUFFER}`);
    expect(alert).toMatchObject({ severity: "critical", id: decision.alert_id });
    expect(decision.incident_id).toBe(alert!.incident_id);

    // nothing changed: past the edge's poll the IP is still served by both instances, and no block exists
    await sleep(EDGE_POLL_MS + 1_000);
    for (const inst of [a, b]) expect((await products(inst, DRY_STUFFER)).status).toBe(200);
    expect(await sql(db1, "select id from ip_blocks where host(ip) = $1", [DRY_STUFFER])).toEqual([]);
    const all = await results<Action>(b, "/api/monitoring/ai-actions/?action_type=block_ip", adminB);
    expect(all.filter((x) => x.target === DRY_STUFFER).map((x) => x.status)).toEqual(["dry_run"]);
  }, 60_000);
});

describe("fault injection (POST /api/monitoring/faults/)", () => {
  it("is not there without FAULT_INJECTION=1, nor in production", async () => {
    const body = { route: "/api/products/", mode: "error", rate: 1, duration_seconds: 60 };
    for (const headers of [adminA, from(freshIp())]) {
      const res = await send(a, "POST", "/api/monitoring/faults/", headers, body);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await send(a, "DELETE", "/api/monitoring/faults/", adminA)).status).toBe(404);
    const prod = await startInstance(3304, { DATABASE_URL: db1, APP_ENV: "production", APP_URL: "https://shop.example", FAULT_INJECTION: "1", TRUSTED_PROXY_HOPS: "1" });
    try {
      for (const method of ["POST", "DELETE", "GET"]) {
        const res = await send(prod, method, "/api/monitoring/faults/", from(freshIp()), method === "POST" ? body : undefined);
        expect(res.status, method).toBe(404);
      }
      expect((await products(prod, freshIp())).status).toBe(200);
    } finally {
      await prod.stop();
    }
  }, 120_000);

  it("error → an error-rate alert with its evidence; DELETE clears it; slow → a latency alert", async () => {
    const path = "/api/monitoring/faults/";
    expect((await send(c, "POST", path, from(freshIp()), { route: "/api/products/", mode: "error", rate: 1, duration_seconds: 60 })).status).toBe(401);
    const bad = await send(c, "POST", path, adminC, { route: "/api/health/", mode: "explode", rate: 2, duration_seconds: 0 });
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as { errors: Record<string, unknown> }).errors).sort()).toEqual(["duration_seconds", "mode", "rate", "route"]);

    const set = await send(c, "POST", path, adminC, { route: "/api/products/", mode: "error", rate: 1, duration_seconds: 60 });
    expect(set.status).toBe(201);
    expect(await set.json()).toMatchObject({ route: "/api/products/", mode: "error", rate: 1 });
    const failed = await Promise.all(Array.from({ length: 25 }, () => products(c, freshIp()).then((r) => r.status)));
    expect(failed).toEqual(failed.map(() => 500));
    await sleep(2_500); // the 1 s metrics flush
    await trigger(c, adminC);
    const errorAlert = await until("an error-rate alert", TWO_CYCLES_MS, async () => (await results<Alert>(c, "/api/monitoring/alerts/?alert_type=application", adminC)).find((x) => x.fingerprint === "threshold:error_rate"));
    expect(errorAlert.severity).toBe("critical");
    const e = errorAlert.evidence as { metric: string; value: number; threshold: number; window: string; errors: number; requests: number };
    expect(e).toMatchObject({ metric: "error_rate_5xx_percent", threshold: 10, window: expect.stringMatching(/^last 5 min/) });
    expect(e.errors).toBeGreaterThanOrEqual(25);
    expect(e.value).toBe(Math.round((e.errors / e.requests) * 10_000) / 100);
    expect(e.value).toBeGreaterThanOrEqual(10);

    const cleared = await send(c, "DELETE", path, adminC);
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toEqual({ cleared: 1, results: [] });
    expect((await products(c, freshIp())).status).toBe(200);

    expect((await send(c, "POST", path, adminC, { route: "/api/products/", mode: "slow", rate: 1, duration_seconds: 60 })).status).toBe(201);
    const started = Date.now();
    const slow = await Promise.all(
      Array.from({ length: 25 }, async () => {
        const t0 = Date.now();
        const status = (await products(c, freshIp())).status;
        return { status, ms: Date.now() - t0 };
      }),
    );
    console.info(`slow fault: 25 requests in ${Date.now() - started} ms`);
    expect(slow.map((s) => s.status)).toEqual(slow.map(() => 200));
    expect(Math.min(...slow.map((s) => s.ms))).toBeGreaterThanOrEqual(1_500);
    expect((await send(c, "DELETE", path, adminC)).status).toBe(200);
    await sleep(2_500);
    await trigger(c, adminC);
    const slowAlert = await until("a latency alert", TWO_CYCLES_MS, async () => (await results<Alert>(c, "/api/monitoring/alerts/?alert_type=performance", adminC)).find((x) => x.fingerprint === "threshold:p95_latency"));
    const l = slowAlert.evidence as { metric: string; value: number; threshold: number; window: string; p50: number; p99: number };
    expect(l).toMatchObject({ metric: "latency_p95_ms", threshold: slowAlert.severity === "critical" ? 3000 : 1000, window: expect.stringMatching(/^last 5 min/) });
    expect(l.value).toBeGreaterThanOrEqual(1_500);
    expect(l.p99).toBeGreaterThanOrEqual(l.value);
  }, 90_000);
});

describe("database outage", () => {
  it("readiness answers 503 while the database is down; the agent announces it and records a critical alert once it is back", async () => {
    const ready = () => fetch(`${c.url}/api/health/ready/`);
    expect((await ready()).status).toBe(200);
    const before = hooks.length;
    await setDatabaseAvailable(db2, false);
    const downAt = Date.now();
    try {
      const down = await until("readiness 503", 5_000, async () => {
        const res = await ready();
        return res.status === 503 ? res : null;
      }, 250);
      expect(down.headers.get("content-type")).toBe("application/problem+json");
      expect(down.headers.get("retry-after")).toBe("5");
      expect(await down.json()).toMatchObject({ status: 503, checks: { database: "down" } });
      // the next scheduled cycle cannot run: the webhook, the one channel that needs no database, hears of it
      const hook = await until("the outage webhook", INTERVAL * 1000 + 5_000, async () => hooks.slice(before).find((h) => h.event === "monitoring.database_unreachable"));
      expect(hook).toMatchObject({ subject: "Database unreachable", error: expect.stringMatching(/not currently accepting connections|terminat/) });
      expect((await ready()).status).toBe(503);
    } finally {
      await setDatabaseAvailable(db2, true);
    }
    console.info(`outage: database refused connections for ${Date.now() - downAt} ms`);
    await until("readiness 200", 10_000, async () => (await ready()).status === 200, 250);

    const alert = await until("the outage alert", TWO_CYCLES_MS, async () => (await results<Alert>(c, "/api/monitoring/alerts/?alert_type=database", adminC)).find((x) => x.fingerprint === "outage:database" && x.incident_id !== null));
    expect(alert).toMatchObject({ severity: "critical", alert_type: "database" });
    expect(alert.evidence).toMatchObject({ metric: "database_reachable", value: "unreachable", webhook_at_start: "delivered" });
    expect(alert.evidence.failed_cycles).toBeGreaterThanOrEqual(1);
    expect(Date.parse(String(alert.evidence.first_failure_at))).toBeGreaterThanOrEqual(downAt - 1_000);
    const incident = (await results<Incident>(c, "/api/monitoring/incidents/?incident_type=outage", adminC)).find((i) => i.id === alert.incident_id);
    expect(incident).toMatchObject({ status: "open", severity: "high", ai_detected: true });
    // and the admins are told by the usual notification (email outbox and webhook)
    await until("the notification webhook", 5_000, async () => hooks.slice(before).find((h) => h.event === "monitoring.notification" && JSON.stringify(h).includes("Database was unreachable")));
    const mail = await sql<{ subject: string }>(db2, "select subject from email_outbox where to_address = $1 and body like '%Database was unreachable%'", [ADMIN.email]);
    expect(mail.length).toBeGreaterThan(0);
  }, 60_000);
});

describe("the stuffing block", () => {
  it("expires on time: refused until expires_at, served again within the edge's poll after it; the agent marks it expired", async () => {
    expect(block, "the act scenario ran first").toBeDefined();
    const { action, expiresAt } = block!;
    const seen = await block!.watched;
    const served = seen.at(-1)!;
    console.info(`expiry: served ${served.receivedAt - expiresAt} ms after expires_at (${seen.length} checks)`);
    expect(served.status).toBe(200);
    expect(seen.slice(0, -1).every((s) => s.status === 403)).toBe(true);
    expect(served.receivedAt).toBeGreaterThanOrEqual(expiresAt);
    expect(served.sentAt).toBeLessThanOrEqual(expiresAt + EDGE_POLL_MS + 2_000);
    // the watcher was asking right up to the expiry, and was refused
    expect(seen.filter((s) => s.sentAt >= expiresAt - 5_000 && s.sentAt < expiresAt).length).toBeGreaterThanOrEqual(5);

    const expired = await until("the action to be marked expired", INTERVAL * 1000 + 5_000, async () => {
      const res = await fetch(`${a.url}/api/monitoring/ai-actions/${action.id}/`, { headers: adminA });
      const body = (await res.json()) as Action;
      return body.status === "expired" ? body : null;
    });
    expect(expired.target).toBe(STUFFER);
    // not blocked again: the burst is out of the security window
    await sleep(EDGE_POLL_MS);
    expect((await products(a, STUFFER)).status).toBe(200);
    const again = (await results<Action>(a, "/api/monitoring/ai-actions/?action_type=block_ip", adminA)).filter((x) => x.target === STUFFER && x.status !== "dry_run");
    expect(again.map((x) => x.id)).toEqual([action.id]);
  }, 90_000);
});
