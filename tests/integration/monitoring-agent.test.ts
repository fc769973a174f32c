import { createServer, type Server } from "node:http";
import { call } from "@/tests/helpers/http";
import { GET as ipBlocksRoute } from "@/app/api/internal/ip-blocks/route";
import { POLICIES } from "@/lib/ratelimit/policies";
import { activePolicyOverrides } from "@/lib/ratelimit/overrides";
import { internalAuthHeader } from "@/lib/security/internal-auth";
import { IP_BLOCKS_PATH } from "@/lib/security/internal-paths";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { Client } from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { agentActions, alerts, auditLog, emailOutbox, incidents, ipBlocks, metricBuckets, sessions, users, apiKeys } from "@/db/schema";
import { createSession } from "@/lib/auth/sessions";
import { resolvePrincipal, type Principal } from "@/lib/auth/principal";
import { audit } from "@/lib/audit/write";
import { resetEnvForTests } from "@/lib/env";
import { ApiError } from "@/lib/http/problem";
import { readOnlyMode } from "@/lib/monitoring/agent/actions/read-only";
import { runAgentCycle } from "@/lib/monitoring/agent/cycle";
import { actionsInLastHour } from "@/lib/monitoring/agent/guardrails";
import { AGENT_CYCLE_LOCK } from "@/lib/monitoring/agent/lock";
import { approveAgentAction, undoAgentAction } from "@/lib/monitoring/agent/undo";
import { bucketIndex, emptyHistogram } from "@/lib/monitoring/latency-buckets";
import { activeBlockedIps } from "@/lib/security/ip-blocks";
import type { RequestMeta } from "@/lib/security/request-meta";
import { bearerFor } from "@/tests/helpers/auth";
import { createUser } from "@/tests/helpers/factories";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();
const meta = (ip: string): RequestMeta => ({ ip, userAgent: "vitest", requestId: null });
const AGENT_VARS = ["AGENT_MODE", "AGENT_ALLOWLIST_IPS", "AGENT_MAX_ACTIONS_PER_HOUR", "AGENT_WEBHOOK_URL"];
let admin: Awaited<ReturnType<typeof createUser>>;
let principal: Principal;
let account = 20_000;

function setEnv(vars: Record<string, string>): void {
  Object.assign(process.env, vars);
  resetEnvForTests();
}

/** Failed sign-ins from one IP against `accounts` distinct accounts, through the real audit writer. */
async function stuff(ip: string, accounts = 6): Promise<void> {
  for (let i = 0; i < accounts; i++) {
    await audit({ action: "LOGIN", targetType: "USER", targetId: account++, result: "FAILURE", meta: meta(ip), metadata: { door: "api", reason: "bad_password" } });
  }
}

const cycle = (now?: Date) => runAgentCycle({ trigger: "manual", actorUserId: admin.id, now });
const alertOf = async (fingerprint: string) => (await t.db.select().from(alerts).where(eq(alerts.fingerprint, fingerprint)).orderBy(alerts.id)).at(-1);
const actionsFor = (type: string, target: string) => t.db.select().from(agentActions).where(and(eq(agentActions.actionType, type), eq(agentActions.target, target))).orderBy(agentActions.id);
const blocksFor = (ip: string) => t.db.select().from(ipBlocks).where(sql`host(${ipBlocks.ip}) = ${ip}`);
const auditsOf = (action: string, id: number) => t.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, String(id))));

async function expectApiError(p: Promise<unknown>, status: number, detail?: RegExp): Promise<void> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).status).toBe(status);
  if (detail) expect((error as ApiError).detail).toMatch(detail);
}

beforeAll(async () => {
  admin = await createUser({ roles: ["ADMIN", "CUSTOMER"] });
  const { headers } = await bearerFor(admin);
  principal = (await resolvePrincipal(new Request("http://localhost/api/monitoring/", { headers })))!;
});

afterEach(() => {
  for (const name of AGENT_VARS) delete process.env[name];
  resetEnvForTests();
});

describe("credential stuffing", () => {
  const ip = "203.0.113.77";

  it("one cycle opens one alert with its evidence, an incident with a timeline, and a 15-minute edge block", async () => {
    await stuff(ip);
    const before = Date.now();
    const r = await cycle();
    expect(r).toMatchObject({ ran: true, mode: "act" });
    expect(r.alerts_opened).toBeGreaterThanOrEqual(1);
    expect(r.incidents_opened).toBeGreaterThanOrEqual(1);
    expect(r.actions_taken).toBeGreaterThanOrEqual(1);
    expect(r.snapshot_id).not.toBeNull();

    const alert = (await alertOf(`security:credential_stuffing:ip:${ip}`))!;
    expect(alert).toMatchObject({ status: "active", severity: "critical", alertType: "security", occurrences: 1, aiActionTaken: true });
    expect(alert.evidence).toMatchObject({ accounts: 6, threshold: 5, failures: 6 });
    expect((alert.evidence as { window: string }).window).toMatch(/last 10 min/);

    const [incident] = await t.db.select().from(incidents).where(eq(incidents.id, alert.incidentId!));
    expect(incident).toMatchObject({ incidentType: "security", status: "open", aiDetected: true });
    const events = (incident!.timeline as { event: string; at: string; detail: string }[]).map((e) => e.event);
    expect(events).toEqual(["opened", "alert_attached", "action_taken", "admins_notified"]);

    const [action, ...more] = await actionsFor("block_ip", ip);
    expect(more).toHaveLength(0);
    expect(action).toMatchObject({ status: "completed", mode: "act", success: true, alertId: alert.id, incidentId: incident!.id, requiresApproval: false });
    expect(action!.explanation).toMatch(/6 different accounts/);
    const [block, ...moreBlocks] = await blocksFor(ip);
    expect(moreBlocks).toHaveLength(0);
    expect(block!.actionId).toBe(action!.id);
    expect(block!.liftedAt).toBeNull();
    const minutes = (block!.expiresAt.getTime() - before) / 60_000;
    expect(minutes).toBeGreaterThan(14.9);
    expect(minutes).toBeLessThan(15.1);
    expect(await activeBlockedIps()).toContain(ip);

    const [audited] = await auditsOf("AGENT_ACTION_TAKEN", action!.id);
    expect(audited!.metadata).toMatchObject({ action_type: "block_ip", target: ip, evidence: { accounts: 6 } });
    const mails = await t.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, admin.email));
    expect(mails.some((m) => m.body.includes(ip))).toBe(true);
  });

  it("a second cycle updates the same alert (occurrences 2) and does not block again", async () => {
    await cycle();
    const alert = (await alertOf(`security:credential_stuffing:ip:${ip}`))!;
    expect(alert.occurrences).toBe(2);
    expect(await t.db.select().from(alerts).where(eq(alerts.fingerprint, alert.fingerprint))).toHaveLength(1);
    expect(await actionsFor("block_ip", ip)).toHaveLength(1);
    expect(await blocksFor(ip)).toHaveLength(1);
  });

  it("undo lifts the block, is audited, cannot be repeated, and the agent does not re-block meanwhile", async () => {
    const [action] = await actionsFor("block_ip", ip);
    const undone = await undoAgentAction(principal, action!.id, meta("192.0.2.200"));
    expect(undone).toMatchObject({ status: "rolled_back", undoneBy: admin.id });
    const [block] = await blocksFor(ip);
    expect(block!.liftedAt).not.toBeNull();
    expect(await activeBlockedIps()).not.toContain(ip);
    const [audited] = await auditsOf("AGENT_ACTION_UNDONE", action!.id);
    expect(audited).toMatchObject({ actorUserId: admin.id, result: "SUCCESS" });
    await expectApiError(undoAgentAction(principal, action!.id, meta("192.0.2.200")), 409, /already undone/);
    await expectApiError(undoAgentAction(principal, 987_654, meta("192.0.2.200")), 404);
    await cycle();
    expect(await actionsFor("block_ip", ip)).toHaveLength(1);
  });
});

describe("guardrails", () => {
  it("dry-run records the same decision and changes nothing", async () => {
    setEnv({ AGENT_MODE: "dry-run" });
    const ip = "203.0.113.78";
    await stuff(ip);
    const r = await cycle();
    expect(r.mode).toBe("dry-run");
    expect(await alertOf(`security:credential_stuffing:ip:${ip}`)).toBeDefined();
    const [action, ...more] = await actionsFor("block_ip", ip);
    expect(more).toHaveLength(0);
    expect(action).toMatchObject({ status: "dry_run", mode: "dry-run" });
    expect(await blocksFor(ip)).toHaveLength(0);
    await expectApiError(undoAgentAction(principal, action!.id, meta("192.0.2.200")), 409, /nothing was changed/);
    await cycle();
    expect(await actionsFor("block_ip", ip)).toHaveLength(1);
  });

  it("AGENT_MODE=off still detects and raises the alert, but decides nothing", async () => {
    setEnv({ AGENT_MODE: "off" });
    const ip = "203.0.113.79";
    await stuff(ip);
    const r = await cycle();
    expect(r).toMatchObject({ ran: true, mode: "off", actions_taken: 0 });
    expect(await alertOf(`security:credential_stuffing:ip:${ip}`)).toMatchObject({ status: "active" });
    expect(await actionsFor("block_ip", ip)).toHaveLength(0);
  });

  it("only a caller with monitoring:act may undo or approve", async () => {
    const customer = await createUser();
    const { headers } = await bearerFor(customer);
    const denied = (await resolvePrincipal(new Request("http://localhost/api/monitoring/", { headers })))!;
    const [action] = await actionsFor("block_ip", "203.0.113.77");
    await expectApiError(undoAgentAction(denied, action!.id, meta("192.0.2.201")), 403);
    await expectApiError(approveAgentAction(denied, action!.id, meta("192.0.2.201")), 403);
  });

  it("never blocks an allow-listed IP (configured range or loopback), and still raises the alert", async () => {
    setEnv({ AGENT_ALLOWLIST_IPS: "198.51.100.0/24" });
    for (const ip of ["198.51.100.9", "127.0.0.1"]) await stuff(ip);
    await cycle();
    for (const ip of ["198.51.100.9", "127.0.0.1"]) {
      const alert = (await alertOf(`security:credential_stuffing:ip:${ip}`))!;
      expect(alert.status).toBe("active");
      expect(alert.aiActionTaken).toBe(false);
      expect(alert.aiActionDescription).toMatch(/allow-listed/);
      expect(await actionsFor("block_ip", ip)).toHaveLength(0);
      expect(await blocksFor(ip)).toHaveLength(0);
    }
  });

  it("respects the hourly action cap: beyond it decisions are recorded as suppressed", async () => {
    await cycle(); // settles what earlier tests left to do (the dry-run IP is blocked for real now that the mode is act)
    const taken = await actionsInLastHour(new Date(), "act", "block_ip");
    setEnv({ AGENT_MAX_ACTIONS_PER_HOUR: String(taken + 1) });
    const ips = ["203.0.113.91", "203.0.113.92", "203.0.113.93"];
    for (const ip of ips) await stuff(ip);
    await cycle();
    const rows = (await Promise.all(ips.map((ip) => actionsFor("block_ip", ip)))).flat();
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.status === "completed")).toHaveLength(1);
    const suppressed = rows.filter((r) => (r.metadata as { outcome?: string }).outcome === "suppressed");
    expect(suppressed).toHaveLength(2);
    for (const s of suppressed) expect(s.resultMessage).toMatch(/cap of/);
    const blocks = (await Promise.all(ips.map(blocksFor))).flat();
    expect(blocks).toHaveLength(1);
    expect(await actionsInLastHour(new Date(), "act", "block_ip")).toBe(taken + 1);
  });
});

describe("accounts and sessions", () => {
  it("brute force from many IPs locks the account for 15 minutes; undo unlocks it", async () => {
    const victim = await createUser();
    for (let i = 1; i <= 5; i++) await audit({ action: "LOGIN", targetType: "USER", targetId: victim.id, result: "FAILURE", meta: meta(`198.18.0.${i}`), metadata: { reason: "bad_password" } });
    await cycle();
    const alert = (await alertOf(`security:brute_force:account:user:${victim.id}`))!;
    expect(alert.evidence).toMatchObject({ ips: 5, threshold: 5 });
    const [action] = await actionsFor("lock_account", `user:${victim.id}`);
    expect(action).toMatchObject({ status: "completed" });
    const [locked] = await t.db.select().from(users).where(eq(users.id, victim.id));
    expect((locked!.lockedUntil!.getTime() - Date.now()) / 60_000).toBeGreaterThan(14);
    await undoAgentAction(principal, action!.id, meta("192.0.2.200"));
    const [unlocked] = await t.db.select().from(users).where(eq(users.id, victim.id));
    expect(unlocked!.lockedUntil).toBeNull();
  });

  it("never locks the last active administrator", async () => {
    for (let i = 1; i <= 5; i++) await audit({ action: "LOGIN", targetType: "USER", targetId: admin.id, result: "FAILURE", meta: meta(`198.18.1.${i}`), metadata: { reason: "bad_password" } });
    await cycle();
    const alert = (await alertOf(`security:brute_force:account:user:${admin.id}`))!;
    expect(alert.aiActionDescription).toMatch(/last active administrator/);
    expect(await actionsFor("lock_account", `user:${admin.id}`)).toHaveLength(0);
    const [row] = await t.db.select().from(users).where(eq(users.id, admin.id));
    expect(row!.lockedUntil).toBeNull();
  });

  it("refresh-token reuse revokes every session and API key of the user (not undoable)", async () => {
    const user = await createUser();
    const [key] = await t.db.insert(apiKeys).values({ userId: user.id, name: "minted", prefix: `shop_${"q".repeat(12)}`, keyHash: "0".repeat(64), scopes: ["orders:create"] }).returning();
    const s1 = await createSession(t.db, { userId: user.id, kind: "api", amr: ["pwd"], meta: meta("192.0.2.50") });
    await createSession(t.db, { userId: user.id, kind: "browser", amr: ["pwd"], meta: meta("192.0.2.50") });
    await audit({ action: "TOKEN_REUSE", targetType: "SESSION", targetId: s1.id, result: "BLOCKED", actorUserId: user.id, meta: meta("192.0.2.51") });
    await cycle();
    const alert = (await alertOf(`security:token_reuse:user:${user.id}`))!;
    expect(alert.message).toMatch(new RegExp(`user ${user.id}`));
    const live = await t.db.select().from(sessions).where(and(eq(sessions.userId, user.id), sql`${sessions.revokedAt} is null`));
    expect(live).toHaveLength(0);
    const [action] = await actionsFor("revoke_sessions", `user:${user.id}`);
    expect(action).toMatchObject({ status: "completed", metadata: expect.objectContaining({ sessions_revoked: 2, api_keys_revoked: 1 }) });
    const [revokedKey] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, key!.id));
    expect(revokedKey!.revokedReason).toBe("agent:refresh_token_reuse");
    await expectApiError(undoAgentAction(principal, action!.id, meta("192.0.2.200")), 409, /cannot be restored/);
  });
});

/** Adds requests of one status into the metric bucket of a minute (as the flush does). */
async function bucket(route: string, minute: number, statusClass: string, count: number, errors: number, ms = 40): Promise<void> {
  const histogram = emptyHistogram();
  histogram[bucketIndex(ms)] = count;
  await t.db.insert(metricBuckets).values({ minute: new Date(minute), route, method: "GET", statusClass, count, errors, latencySumMs: ms * count, latencyHistogram: histogram });
}
const lastMinute = () => Math.floor(Date.now() / 60_000) * 60_000 - 60_000;

describe("request rules and approval", () => {
  it("20 % server errors over 50 requests → a critical error-rate alert with its evidence, and a read-only proposal an admin approves", async () => {
    await bucket("/api/agent-test/", lastMinute(), "2xx", 40, 0);
    await bucket("/api/agent-test/", lastMinute(), "5xx", 10, 10);
    await cycle();
    const alert = (await alertOf("threshold:error_rate"))!;
    expect(alert).toMatchObject({ severity: "critical", status: "active", alertType: "application" });
    expect(alert.evidence).toMatchObject({ value: 20, threshold: 10, requests: 50, errors: 10 });
    expect(alert.incidentId).not.toBeNull();

    const [proposal] = await actionsFor("read_only_mode", "shop");
    expect(proposal).toMatchObject({ status: "pending", requiresApproval: true });
    expect((await readOnlyMode()).active).toBe(false);
    await expectApiError(undoAgentAction(principal, proposal!.id, meta("192.0.2.200")), 409);

    const approved = await approveAgentAction(principal, proposal!.id, meta("192.0.2.200"));
    expect(approved).toMatchObject({ status: "completed", approvedBy: admin.id, success: true });
    expect(await readOnlyMode()).toMatchObject({ active: true, actionId: proposal!.id });
    expect(await auditsOf("AGENT_ACTION_APPROVED", proposal!.id)).toHaveLength(1);
    await expectApiError(approveAgentAction(principal, proposal!.id, meta("192.0.2.200")), 409, /not waiting for approval/);
    await expectApiError(approveAgentAction(principal, 987_654, meta("192.0.2.200")), 404);

    await undoAgentAction(principal, proposal!.id, meta("192.0.2.200"));
    expect((await readOnlyMode()).active).toBe(false);
  });

  it("a 404 burst is reported per status class and proposes a tighter rate limit; approval hands it to the edge, undo takes it back", async () => {
    await bucket("/api/wp-admin/", lastMinute(), "404", 150, 0);
    await cycle();
    const alert = (await alertOf("security:scan:404"))!;
    expect(alert.evidence).toMatchObject({ value: 150, threshold: 100, status_class: "404" });
    expect(alert.message).toMatch(/cannot be named/);
    const [proposal] = await actionsFor("tighten_rate_limit", "api.anon");
    expect(proposal).toMatchObject({ status: "pending", requiresApproval: true });
    expect(await activePolicyOverrides()).toEqual({});
    const approved = await approveAgentAction(principal, proposal!.id, meta("192.0.2.200"));
    expect(approved).toMatchObject({ status: "completed", success: true });
    const halved = Math.floor(POLICIES["api.anon"].limit / 2);
    expect(await activePolicyOverrides()).toEqual({ "api.anon": halved });
    // what every instance's middleware receives with its signed poll
    const internal = await call(ipBlocksRoute, { path: IP_BLOCKS_PATH, headers: { "x-internal-auth": await internalAuthHeader(IP_BLOCKS_PATH) } });
    expect(internal.body.policy_overrides).toEqual({ "api.anon": halved });
    await undoAgentAction(principal, proposal!.id, meta("192.0.2.200"));
    expect(await activePolicyOverrides()).toEqual({});
  });
});

describe("notifications", () => {
  let server: Server;
  const received: Record<string, unknown>[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("posts new incidents to AGENT_WEBHOOK_URL and records a failing webhook", async () => {
    setEnv({ AGENT_WEBHOOK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` });
    await stuff("203.0.113.120");
    await cycle();
    const posted = received.find((b) => JSON.stringify(b).includes("203.0.113.120"));
    expect(posted).toMatchObject({ event: "monitoring.notification" });
    const notes = await t.db.select().from(agentActions).where(eq(agentActions.actionType, "notify_admins")).orderBy(agentActions.id);
    expect(notes.at(-1)).toMatchObject({ status: "completed", success: true, metadata: expect.objectContaining({ webhook: "delivered" }) });

    setEnv({ AGENT_WEBHOOK_URL: "http://127.0.0.1:9/closed" });
    await stuff("203.0.113.121");
    await cycle();
    const last = (await t.db.select().from(agentActions).where(eq(agentActions.actionType, "notify_admins")).orderBy(agentActions.id)).at(-1);
    expect(last).toMatchObject({ status: "completed", success: false });
    expect(last!.resultMessage).toMatch(/webhook failed/);
  });
});

describe("one cycle at a time", () => {
  it("two concurrent cycles: one runs, the other is refused at once", async () => {
    const results = await Promise.all([cycle(), cycle()]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(results.find((r) => !r.ran)?.reason).toMatch(/Another agent cycle is running/);
  });

  it("on PostgreSQL, a lock held by another connection (another instance) stops the cycle", async () => {
    if (t.kind !== "postgres") {
      // PGlite is one process: the concurrent case above is the whole story there
      expect(t.handle.kind).toBe("pglite");
      return;
    }
    const other = new Client({ connectionString: t.handle.url });
    await other.connect();
    try {
      await other.query("select pg_advisory_lock($1)", [AGENT_CYCLE_LOCK]);
      expect((await cycle()).ran).toBe(false);
      await other.query("select pg_advisory_unlock($1)", [AGENT_CYCLE_LOCK]);
      expect((await cycle()).ran).toBe(true);
    } finally {
      await other.end();
    }
  });
});

describe("lifecycle", () => {
  it("auto-resolves after 3 clear cycles, resolves the incident, and expires lapsed actions", async () => {
    const fingerprint = "security:credential_stuffing:ip:203.0.113.77";
    const t0 = Date.now();
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    await cycle(at(11));
    expect(await alertOf(fingerprint)).toMatchObject({ status: "active", clearCycles: 1 });
    await cycle(at(11.5));
    expect(await alertOf(fingerprint)).toMatchObject({ status: "active", clearCycles: 2 });
    const r = await cycle(at(12));
    expect(r.alerts_resolved).toBeGreaterThanOrEqual(1);
    const alert = (await alertOf(fingerprint))!;
    expect(alert).toMatchObject({ status: "resolved", resolvedBy: null, clearCycles: 3 });
    expect(alert.metadata).toMatchObject({ auto_resolved: true });
    const [incident] = await t.db.select().from(incidents).where(eq(incidents.id, alert.incidentId!));
    expect(incident).toMatchObject({ status: "resolved", aiResolved: true });
    expect((incident!.timeline as { event: string }[]).at(-1)?.event).toBe("resolved");

    const capped = (await Promise.all(["203.0.113.91", "203.0.113.92", "203.0.113.93"].map((ip) => actionsFor("block_ip", ip)))).flat().find((a) => a.status === "completed")!;
    await cycle(at(16));
    const [expired] = await t.db.select().from(agentActions).where(eq(agentActions.id, capped.id));
    expect(expired!.status).toBe("expired");
    expect(await auditsOf("AGENT_ACTION_EXPIRED", capped.id)).toHaveLength(1);
    await expectApiError(undoAgentAction(principal, capped.id, meta("192.0.2.200")), 409);
  });
});

describe("audit log integrity", () => {
  it("a tampered audit row raises a critical alert and an incident", async () => {
    await cycle(); // this process's incremental verification catches up
    // the newest row: either the last one verified (re-checked every cycle) or one written since (checked next)
    const [last] = await t.db.select({ id: auditLog.id }).from(auditLog).orderBy(sql`${auditLog.id} desc`).limit(1);
    await t.db.update(auditLog).set({ metadata: { tampered: true } }).where(eq(auditLog.id, last!.id));
    await cycle();
    const alert = (await alertOf("security:audit_chain"))!;
    expect(alert).toMatchObject({ severity: "critical", status: "active" });
    expect(alert.incidentId).not.toBeNull();
  });
});
