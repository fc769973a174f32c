import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as actionDetail } from "@/app/api/monitoring/ai-actions/[id]/route";
import { POST as approve } from "@/app/api/monitoring/ai-actions/[id]/approve/route";
import { POST as undo } from "@/app/api/monitoring/ai-actions/[id]/undo/route";
import { GET as actionList } from "@/app/api/monitoring/ai-actions/route";
import { POST as trigger } from "@/app/api/monitoring/ai-actions/trigger_monitoring/route";
import { POST as acknowledge } from "@/app/api/monitoring/alerts/[id]/acknowledge/route";
import { POST as resolve } from "@/app/api/monitoring/alerts/[id]/resolve/route";
import { DELETE as alertDelete, GET as alertDetail, PATCH as alertPatch, PUT as alertPut } from "@/app/api/monitoring/alerts/[id]/route";
import { GET as alertList, POST as alertCreate } from "@/app/api/monitoring/alerts/route";
import { GET as dashboard } from "@/app/api/monitoring/dashboard/route";
import { DELETE as faultsDelete, GET as faultsList, POST as faultsPost } from "@/app/api/monitoring/faults/route";
import { GET as healthDetail } from "@/app/api/monitoring/health/[id]/route";
import { GET as healthList } from "@/app/api/monitoring/health/route";
import { DELETE as incidentDelete, GET as incidentDetail, PATCH as incidentPatch } from "@/app/api/monitoring/incidents/[id]/route";
import { GET as incidentList, POST as incidentCreate } from "@/app/api/monitoring/incidents/route";
import { GET as metrics } from "@/app/api/monitoring/metrics/route";
import { GET as stream } from "@/app/api/monitoring/stream/route";
import { GET as productList } from "@/app/api/products/route";
import { db } from "@/db/client";
import { agentActions, alerts, auditLog, healthSnapshots, incidents, ipBlocks } from "@/db/schema";
import { revokeSession } from "@/lib/auth/sessions";
import { resetEnvForTests } from "@/lib/env";
import { dashboardStream } from "@/lib/monitoring/api/stream";
import { clearFaults, SLOW_MIN_MS } from "@/lib/monitoring/faults";
import { flushRequestMetrics } from "@/lib/monitoring/flush-loop";
import { adminAndDeniedCallers, bearerFor } from "@/tests/helpers/auth";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { call, expectProblem } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();

type Handler = Parameters<typeof call>[0];
type Json = Record<string, unknown>;
type Page<T = Json> = { count: number; next: string | null; previous: string | null; results: T[] };

let admin: { id: number };
let adminAuth: Record<string, string>;
let denied: { label: string; headers: Record<string, string> }[];

beforeAll(async () => {
  ({ admin, adminAuth, denied } = await adminAndDeniedCallers());
});

const asAdmin = <T = Json>(handler: Handler, o: Omit<Parameters<typeof call>[1], "headers">) => call<T>(handler, { ...o, headers: adminAuth });

/** Inserts an alert as the agent would (it owns fingerprints and grouping). */
async function agentAlert(values: Partial<typeof alerts.$inferInsert> = {}) {
  const [row] = await t.db
    .insert(alerts)
    .values({ fingerprint: `test:${Math.random()}`, alertType: "performance", severity: "warning", title: "Error rate high", message: "5xx at 12 %", source: "error_rate", ...values })
    .returning();
  return row!;
}

/** Reads a stream until `until` matches the text so far (or the stream ends); bounded by a timeout. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, until: (text: string) => boolean, timeoutMs = 10_000): Promise<{ text: string; done: boolean }> {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!until(text)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`stream timeout; got: ${text.slice(0, 300)}`);
    const chunk = await Promise.race([reader.read(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`stream timeout; got: ${text.slice(0, 300)}`)), left))]);
    if (chunk.done) return { text, done: true };
    text += decoder.decode(chunk.value, { stream: true });
  }
  return { text, done: false };
}

function firstEvent(text: string, name: string): Json {
  const block = text.split("\n\n").find((b) => b.split("\n").includes(`event: ${name}`));
  if (!block) throw new Error(`no ${name} event in: ${text.slice(0, 300)}`);
  const data = block.split("\n").find((l) => l.startsWith("data: "));
  return JSON.parse(data!.slice("data: ".length)) as Json;
}

describe("the dashboard before any cycle", () => {
  it("answers current_health null and never runs a cycle itself", async () => {
    const res = await asAdmin(dashboard, { path: "/api/monitoring/dashboard/" });
    expect(res.status).toBe(200);
    expect(res.body.current_health).toBeNull();
    expect(await t.db.select().from(healthSnapshots)).toHaveLength(0);
  });
});

describe("who may call the monitoring endpoints", () => {
  it("every endpoint: anonymous 401, customer and seller (bearer and cookie) 403", async () => {
    const a = await agentAlert();
    const [inc] = await t.db.insert(incidents).values({ title: "x", incidentType: "other" }).returning();
    const [act] = await t.db.insert(agentActions).values({ actionType: "block_ip", description: "d", triggeredBy: "agent" }).returning();
    const [snap] = await t.db.insert(healthSnapshots).values({ overallStatus: "healthy", apiStatus: "operational", databaseStatus: "operational", cacheStatus: "operational" }).returning();
    const id = (n: number) => ({ id: String(n) });
    const cases: { name: string; handler: Handler; method?: string; path: string; params?: Record<string, string>; body?: unknown }[] = [
      { name: "dashboard", handler: dashboard, path: "/api/monitoring/dashboard/" },
      { name: "metrics", handler: metrics, path: "/api/monitoring/metrics/" },
      { name: "health list", handler: healthList, path: "/api/monitoring/health/" },
      { name: "health detail", handler: healthDetail, path: `/api/monitoring/health/${snap!.id}/`, params: id(snap!.id) },
      { name: "alert list", handler: alertList, path: "/api/monitoring/alerts/" },
      { name: "alert create", handler: alertCreate, method: "POST", path: "/api/monitoring/alerts/", body: { alert_type: "system", title: "t", message: "m" } },
      { name: "alert detail", handler: alertDetail, path: `/api/monitoring/alerts/${a.id}/`, params: id(a.id) },
      { name: "alert patch", handler: alertPatch, method: "PATCH", path: `/api/monitoring/alerts/${a.id}/`, params: id(a.id), body: { notes: "n" } },
      { name: "alert acknowledge", handler: acknowledge, method: "POST", path: `/api/monitoring/alerts/${a.id}/acknowledge/`, params: id(a.id) },
      { name: "alert resolve", handler: resolve, method: "POST", path: `/api/monitoring/alerts/${a.id}/resolve/`, params: id(a.id) },
      { name: "incident list", handler: incidentList, path: "/api/monitoring/incidents/" },
      { name: "incident create", handler: incidentCreate, method: "POST", path: "/api/monitoring/incidents/", body: { title: "t", incident_type: "other" } },
      { name: "incident detail", handler: incidentDetail, path: `/api/monitoring/incidents/${inc!.id}/`, params: id(inc!.id) },
      { name: "incident patch", handler: incidentPatch, method: "PATCH", path: `/api/monitoring/incidents/${inc!.id}/`, params: id(inc!.id), body: { status: "investigating" } },
      { name: "action list", handler: actionList, path: "/api/monitoring/ai-actions/" },
      { name: "action detail", handler: actionDetail, path: `/api/monitoring/ai-actions/${act!.id}/`, params: id(act!.id) },
      { name: "stream", handler: stream, path: "/api/monitoring/stream/" },
    ];
    for (const c of cases) {
      const base = { method: c.method, path: c.path, params: c.params, body: c.body };
      const anon = await call(c.handler, base);
      expectProblem(anon, 401);
      for (const d of denied) {
        const res = await call(c.handler, { ...base, headers: d.headers });
        expect(res.status, `${c.name} as ${d.label}`).toBe(403);
        expectProblem(res, 403);
      }
    }
    // nothing changed on the way
    expect((await t.db.select().from(alerts).where(eq(alerts.id, a.id)))[0]!.status).toBe("active");
    expect((await t.db.select().from(incidents).where(eq(incidents.id, inc!.id)))[0]!.status).toBe("open");
  });
});

describe("alerts", () => {
  it("an admin raises an alert by hand: 201, plain text stored as sent, audited", async () => {
    const res = await asAdmin(alertCreate, {
      method: "POST",
      path: "/api/monitoring/alerts/",
      body: { alert_type: "security", severity: "critical", title: "  Login storm\nfrom 203.0.113.9 ", message: "p95 > 900 ms & rising <3\nsee runbook", source: "on-call" },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/monitoring/alerts/${res.body.id}/`);
    expect(res.body).toMatchObject({ alert_type: "security", severity: "critical", status: "active", title: "Login storm from 203.0.113.9", message: "p95 > 900 ms & rising <3\nsee runbook", source: "on-call", acknowledged_at: null, incident_id: null });
    expect(String(res.body.fingerprint)).toMatch(/^manual:/);
    const [row] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "ALERT_CREATE"), eq(auditLog.targetId, String(res.body.id))));
    expect(row?.actorUserId).toBe(admin.id);
  });

  it("defaults severity to warning and source to manual", async () => {
    const res = await asAdmin(alertCreate, { method: "POST", path: "/api/monitoring/alerts/", body: { alert_type: "application", title: "Checkout slow", message: "reported by support" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ severity: "warning", source: "manual" });
  });

  it("refuses bad bodies by field, markup included (no HTML path), and server-owned fields", async () => {
    const cases: [unknown, string[]][] = [
      [{ title: "t", message: "m" }, ["alert_type"]],
      [{ alert_type: "nope", severity: "loud", title: "t", message: "m" }, ["alert_type", "severity"]],
      [{ alert_type: "system", title: "x".repeat(201), message: "y".repeat(5001) }, ["message", "title"]],
      [{ alert_type: "system", title: "<script>alert(1)</script>", message: "ok" }, ["title"]],
      [{ alert_type: "system", title: "ok", message: "hi <img src=x onerror=alert(1)>" }, ["message"]],
      [{ alert_type: "system", title: "   ", message: "m" }, ["title"]],
      [{ alert_type: "system", title: "t", message: "m", status: "resolved", ai_action_taken: true, is_admin: true }, ["ai_action_taken", "is_admin", "status"]],
    ];
    const before = (await t.db.select().from(alerts)).length;
    for (const [body, fields] of cases) {
      const res = await asAdmin(alertCreate, { method: "POST", path: "/api/monitoring/alerts/", body });
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors as object).sort(), JSON.stringify(body)).toEqual(fields);
    }
    expect((await t.db.select().from(alerts)).length).toBe(before);
  });

  it("lists with filters and pagination; bad filters are 400", async () => {
    await agentAlert({ alertType: "database", severity: "critical", status: "acknowledged" });
    const res = await asAdmin<Page>(alertList, { path: "/api/monitoring/alerts/?alert_type=database&severity=critical&status=acknowledged" });
    expect(res.status).toBe(200);
    expect(res.body.count).toBeGreaterThanOrEqual(1);
    for (const a of res.body.results) expect(a).toMatchObject({ alert_type: "database", severity: "critical", status: "acknowledged" });
    const small = await asAdmin<Page>(alertList, { path: "/api/monitoring/alerts/?page_size=1" });
    expect(small.body.results).toHaveLength(1);
    expect(small.body.next).toContain("page=2");
    const bad = await asAdmin(alertList, { path: "/api/monitoring/alerts/?severity=loud&status=gone&color=red" });
    expectProblem(bad, 400);
    expect(Object.keys(bad.body.errors as object).sort()).toEqual(["color", "severity", "status"]);
  });

  it("detail: 404 for an unknown id, 400 for a malformed one", async () => {
    expectProblem(await asAdmin(alertDetail, { path: "/api/monitoring/alerts/999999/", params: { id: "999999" } }), 404);
    const bad = await asAdmin(alertDetail, { path: "/api/monitoring/alerts/abc/", params: { id: "abc" } });
    expectProblem(bad, 400);
    expect(Object.keys(bad.body.errors as object)).toEqual(["id"]);
  });

  it("PATCH changes notes only; status and other fields are refused", async () => {
    const a = await agentAlert();
    const p = { path: `/api/monitoring/alerts/${a.id}/`, params: { id: String(a.id) } };
    const ok = await asAdmin(alertPatch, { ...p, method: "PATCH", body: { notes: "Looking into it." } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ notes: "Looking into it.", status: "active" });
    const st = await asAdmin(alertPatch, { ...p, method: "PATCH", body: { notes: "x", status: "resolved" } });
    expectProblem(st, 400);
    expect(Object.keys(st.body.errors as object)).toEqual(["status"]);
    expectProblem(await asAdmin(alertPatch, { ...p, method: "PATCH", body: {} }), 400);
    expectProblem(await asAdmin(alertPatch, { ...p, method: "PATCH", body: { notes: "<b>bold</b>" } }), 400);
    expect((await asAdmin(alertDetail, p)).body.status).toBe("active");
  });

  it("acknowledge: active → acknowledged with who and when; 409 from any other state", async () => {
    const a = await agentAlert();
    const p = { method: "POST", path: `/api/monitoring/alerts/${a.id}/acknowledge/`, params: { id: String(a.id) } };
    const res = await asAdmin(acknowledge, { ...p, body: { note: "on it" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "acknowledged", acknowledged_by: admin.id });
    expect(Date.now() - Date.parse(String(res.body.acknowledged_at))).toBeLessThan(60_000);
    const again = await asAdmin(acknowledge, p);
    expectProblem(again, 409);
    expect(again.body.current_status).toBe("acknowledged");
    expectProblem(await asAdmin(acknowledge, { ...p, body: { note: 5 } }), 400);
    expectProblem(await asAdmin(acknowledge, { ...p, body: { extra: true } }), 400);
    expectProblem(await asAdmin(acknowledge, { ...p, path: "/api/monitoring/alerts/999999/acknowledge/", params: { id: "999999" } }), 404);
  });

  it("resolve: active or acknowledged → resolved; 409 when resolved or dismissed; acknowledge after resolve is 409", async () => {
    const acked = await agentAlert({ status: "acknowledged", acknowledgedAt: new Date() });
    const active = await agentAlert();
    const dismissed = await agentAlert({ status: "dismissed" });
    const r = (id: number) => ({ method: "POST", path: `/api/monitoring/alerts/${id}/resolve/`, params: { id: String(id) } });
    for (const a of [acked, active]) {
      const res = await asAdmin(resolve, r(a.id));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: "resolved", resolved_by: admin.id });
      expect(res.body.resolved_at).not.toBeNull();
      expectProblem(await asAdmin(resolve, r(a.id)), 409);
    }
    expectProblem(await asAdmin(resolve, r(dismissed.id)), 409);
    const ack = await asAdmin(acknowledge, { method: "POST", path: `/api/monitoring/alerts/${active.id}/acknowledge/`, params: { id: String(active.id) } });
    expectProblem(ack, 409);
    expect(ack.body.current_status).toBe("resolved");
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "ALERT_RESOLVE"), eq(auditLog.targetId, String(active.id))));
    expect(audits).toHaveLength(1);
  });

  it("resolving an incident's last open alert resolves the incident, with timeline entries", async () => {
    const created = await asAdmin(incidentCreate, { method: "POST", path: "/api/monitoring/incidents/", body: { title: "Checkout errors", incident_type: "outage", severity: "high" } });
    const incId = Number(created.body.id);
    await t.db.update(incidents).set({ status: "investigating" }).where(eq(incidents.id, incId));
    const first = await agentAlert({ incidentId: incId });
    const second = await agentAlert({ incidentId: incId, status: "acknowledged" });
    await agentAlert({ incidentId: incId, status: "resolved" });
    const r = (id: number) => ({ method: "POST", path: `/api/monitoring/alerts/${id}/resolve/`, params: { id: String(id) } });
    const d = { path: `/api/monitoring/incidents/${incId}/`, params: { id: String(incId) } };

    expect((await asAdmin(resolve, r(first.id))).status).toBe(200);
    let inc = (await asAdmin(incidentDetail, d)).body as { status: string; resolved_at: string | null; timeline: Json[]; alerts: Json[] };
    expect(inc.status).toBe("investigating");
    expect(inc.resolved_at).toBeNull();
    expect(inc.timeline.map((e) => e.event)).toEqual(["opened", "alert_resolved"]);

    expect((await asAdmin(resolve, r(second.id))).status).toBe(200);
    inc = (await asAdmin(incidentDetail, d)).body as typeof inc;
    expect(inc.status).toBe("resolved");
    expect(inc.resolved_at).not.toBeNull();
    expect(inc.timeline.map((e) => e.event)).toEqual(["opened", "alert_resolved", "alert_resolved", "status_changed"]);
    expect(inc.timeline.at(-1)).toMatchObject({ from: "investigating", to: "resolved", actor: `user:${admin.id}` });
    expect(inc.alerts.map((a) => a.status)).toEqual(["resolved", "resolved", "resolved"]);
  });

  it("acknowledging an incident's alert adds to its timeline without changing its status", async () => {
    const [inc] = await t.db.insert(incidents).values({ title: "Latency", incidentType: "performance" }).returning();
    const a = await agentAlert({ incidentId: inc!.id });
    expect((await asAdmin(acknowledge, { method: "POST", path: `/api/monitoring/alerts/${a.id}/acknowledge/`, params: { id: String(a.id) } })).status).toBe(200);
    const body = (await asAdmin(incidentDetail, { path: `/api/monitoring/incidents/${inc!.id}/`, params: { id: String(inc!.id) } })).body as { status: string; timeline: Json[] };
    expect(body.status).toBe("open");
    expect(body.timeline.map((e) => e.event)).toEqual(["alert_acknowledged"]);
  });

  it("has no DELETE or PUT (405)", async () => {
    const a = await agentAlert();
    const p = { path: `/api/monitoring/alerts/${a.id}/`, params: { id: String(a.id) } };
    expectProblem(await asAdmin(alertDelete, { ...p, method: "DELETE" }), 405);
    expectProblem(await asAdmin(alertPut, { ...p, method: "PUT", body: {} }), 405);
    expect(await t.db.select().from(alerts).where(eq(alerts.id, a.id))).toHaveLength(1);
  });
});

describe("incidents", () => {
  let incId: number;
  const p = () => ({ method: "PATCH", path: `/api/monitoring/incidents/${incId}/`, params: { id: String(incId) } });

  it("an admin opens one by hand: open, not AI-detected, first timeline entry, audited", async () => {
    const res = await asAdmin(incidentCreate, { method: "POST", path: "/api/monitoring/incidents/", body: { title: "Payment provider down", description: "Card payments fail.", incident_type: "outage", severity: "critical" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "open", ai_detected: false, severity: "critical", incident_type: "outage", resolved_at: null, closed_at: null, alerts: [] });
    expect((res.body.timeline as Json[]).map((e) => e.event)).toEqual(["opened"]);
    incId = Number(res.body.id);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, "INCIDENT_CREATE"), eq(auditLog.targetId, String(incId))))).toHaveLength(1);
  });

  it("refuses bad bodies by field", async () => {
    const cases: [unknown, string[]][] = [
      [{ title: "t" }, ["incident_type"]],
      [{ title: "<iframe src=x>", incident_type: "other", severity: "meh" }, ["severity", "title"]],
      [{ title: "t", incident_type: "other", status: "closed", timeline: [] }, ["status", "timeline"]],
    ];
    for (const [body, fields] of cases) {
      const res = await asAdmin(incidentCreate, { method: "POST", path: "/api/monitoring/incidents/", body });
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors as object).sort()).toEqual(fields);
    }
  });

  it("moves through the state machine with timestamps and a timeline entry each; illegal moves are 409", async () => {
    expectProblem(await asAdmin(incidentPatch, { ...p(), body: { status: "closed" } }), 409);
    expectProblem(await asAdmin(incidentPatch, { ...p(), body: { status: "open" } }), 409);
    const inv = await asAdmin(incidentPatch, { ...p(), body: { status: "investigating", note: "Paged the provider." } });
    expect(inv.status).toBe(200);
    expect(inv.body.status).toBe("investigating");
    const closed = await asAdmin(incidentPatch, { ...p(), body: { status: "closed" } });
    expectProblem(closed, 409);
    expect(closed.body).toMatchObject({ current_status: "investigating", allowed_statuses: ["resolved"] });
    const res = await asAdmin(incidentPatch, { ...p(), body: { status: "resolved", resolution: "Provider fixed their gateway." } });
    expect(res.body).toMatchObject({ status: "resolved", resolution: "Provider fixed their gateway." });
    expect(res.body.resolved_at).not.toBeNull();
    const done = await asAdmin(incidentPatch, { ...p(), body: { status: "closed" } });
    expect(done.body.status).toBe("closed");
    expect(done.body.closed_at).not.toBeNull();
    const final = await asAdmin(incidentPatch, { ...p(), body: { status: "investigating" } });
    expectProblem(final, 409);
    expect(final.body.allowed_statuses).toEqual([]);
    expect((done.body.timeline as Json[]).map((e) => e.event)).toEqual(["opened", "status_changed", "note", "status_changed", "resolution_updated", "status_changed"]);
  });

  it("PATCH: empty body, server-owned fields and unknown ids", async () => {
    expectProblem(await asAdmin(incidentPatch, { ...p(), body: {} }), 400);
    const owned = await asAdmin(incidentPatch, { ...p(), body: { ai_resolved: true, closed_at: "2020-01-01" } });
    expectProblem(owned, 400);
    expect(Object.keys(owned.body.errors as object).sort()).toEqual(["ai_resolved", "closed_at"]);
    expectProblem(await asAdmin(incidentPatch, { ...p(), path: "/api/monitoring/incidents/999999/", params: { id: "999999" }, body: { status: "investigating" } }), 404);
  });

  it("lists with filters; DELETE is 405", async () => {
    const res = await asAdmin<Page>(incidentList, { path: "/api/monitoring/incidents/?status=closed&incident_type=outage" });
    expect(res.body.results.some((i) => i.id === incId)).toBe(true);
    for (const i of res.body.results) expect(i).toMatchObject({ status: "closed", incident_type: "outage" });
    expectProblem(await asAdmin(incidentList, { path: "/api/monitoring/incidents/?status=done" }), 400);
    expectProblem(await asAdmin(incidentDelete, { method: "DELETE", path: `/api/monitoring/incidents/${incId}/`, params: { id: String(incId) } }), 405);
  });
});

describe("agent actions and health snapshots (read)", () => {
  it("lists and shows actions with evidence and explanation; filters validated", async () => {
    const [act] = await t.db
      .insert(agentActions)
      .values({ actionType: "lock_account", description: "Locked user 7", explanation: "42 failed sign-ins from 9 IPs in 5 min (baseline 1.2).", triggeredBy: "agent", status: "completed", evidence: { failures: 42, ips: 9 } })
      .returning();
    const list = await asAdmin<Page>(actionList, { path: "/api/monitoring/ai-actions/?action_type=lock_account&status=completed" });
    expect(list.body.results.map((a) => a.id)).toContain(act!.id);
    const one = await asAdmin(actionDetail, { path: `/api/monitoring/ai-actions/${act!.id}/`, params: { id: String(act!.id) } });
    expect(one.body).toMatchObject({ action_type: "lock_account", explanation: "42 failed sign-ins from 9 IPs in 5 min (baseline 1.2).", evidence: { failures: 42, ips: 9 }, status: "completed" });
    expectProblem(await asAdmin(actionDetail, { path: "/api/monitoring/ai-actions/999999/", params: { id: "999999" } }), 404);
    expectProblem(await asAdmin(actionList, { path: "/api/monitoring/ai-actions/?status=done&action_type=DROP%20TABLE" }), 400);
  });

  it("lists health snapshots newest first, paginated; detail and 404", async () => {
    const older = new Date(Date.now() - 120_000);
    await t.db.insert(healthSnapshots).values({ overallStatus: "degraded", apiStatus: "degraded", databaseStatus: "operational", cacheStatus: "operational", errorRate: 6.5, timestamp: older });
    const [latest] = await t.db.insert(healthSnapshots).values({ overallStatus: "critical", apiStatus: "down", databaseStatus: "operational", cacheStatus: "operational", errorRate: 14 }).returning();
    const res = await asAdmin<Page>(healthList, { path: "/api/monitoring/health/?page_size=2" });
    expect(res.body.results[0]).toMatchObject({ id: latest!.id, overall_status: "critical", api_status: "down", error_rate: 14 });
    expect(res.body.count).toBeGreaterThanOrEqual(2);
    const one = await asAdmin(healthDetail, { path: `/api/monitoring/health/${latest!.id}/`, params: { id: String(latest!.id) } });
    expect(one.body.overall_status).toBe("critical");
    expectProblem(await asAdmin(healthDetail, { path: "/api/monitoring/health/999999/", params: { id: "999999" } }), 404);
    expectProblem(await asAdmin(healthList, { path: "/api/monitoring/health/?page=0" }), 400);
  });
});

describe("dashboard and metrics", () => {
  it("answers every section: latest snapshot, ≤10 recent alerts, open incidents, tiles, trends, dependencies, blocked IPs", async () => {
    for (let i = 0; i < 12; i++) await agentAlert({ title: `burst ${i}` });
    await agentAlert({ title: "old", createdAt: new Date(Date.now() - 2 * 86_400_000) });
    const now = Date.now();
    await t.db.insert(ipBlocks).values([
      { ip: "198.51.100.7", reason: "credential stuffing", expiresAt: new Date(now + 600_000) },
      { ip: "198.51.100.8", reason: "expired", expiresAt: new Date(now - 1000) },
      { ip: "198.51.100.9", reason: "lifted", expiresAt: new Date(now + 600_000), liftedAt: new Date() },
    ]);
    const res = await asAdmin(dashboard, { path: "/api/monitoring/dashboard/?range=24h" });
    expect(res.status).toBe(200);
    const latest = (await t.db.select().from(healthSnapshots)).sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime())[0]!;
    expect((res.body.current_health as Json).id).toBe(latest.id);
    const recent = res.body.recent_alerts as Json[];
    expect(recent).toHaveLength(10);
    expect(recent.some((a) => a.title === "old")).toBe(false);
    for (const i of res.body.active_incidents as Json[]) expect(["open", "investigating"]).toContain(i.status);
    const tiles = res.body.metrics_summary as Json;
    for (const k of ["requests_per_minute", "error_rate", "failed_logins", "orders_per_minute", "open_alerts", "open_incidents"]) expect(typeof tiles[k], k).toBe("number");
    expect(tiles).toHaveProperty("p95_ms");
    expect(tiles.blocked_ips).toBe(1);
    const trends = res.body.trends as { range: string; step_seconds: number; requests: Json[]; failed_logins: Json[]; orders: Json[] };
    expect(trends).toMatchObject({ range: "24h", step_seconds: 600 });
    expect(trends.requests).toHaveLength(144);
    expect(trends.failed_logins).toHaveLength(144);
    expect(trends.orders).toHaveLength(144);
    expect(Object.keys(trends.requests[0]!).sort()).toEqual(["avg_ms", "client_errors", "error_rate", "errors", "p50", "p95", "p99", "requests", "t"]);
    expect((res.body.dependencies as Json[]).map((d) => d.name)).toContain("database");
    const blocked = res.body.blocked_ips as { count: number; items: Json[] };
    expect(blocked.count).toBe(1);
    expect(blocked.items.map((b) => b.ip)).toEqual(["198.51.100.7"]);
    expectProblem(await asAdmin(dashboard, { path: "/api/monitoring/dashboard/?range=2h" }), 400);
  });

  it("metrics: the series over a range, all routes or one; bad parameters are 400", async () => {
    const all = await asAdmin(metrics, { path: "/api/monitoring/metrics/" });
    expect(all.body).toMatchObject({ range: "1h", step_seconds: 60, route: null });
    expect(all.body.series as Json[]).toHaveLength(60);
    expect(Array.isArray(all.body.routes)).toBe(true);
    const one = await asAdmin(metrics, { path: "/api/monitoring/metrics/?range=7d&route=/api/products/&method=GET" });
    expect(one.body).toMatchObject({ range: "7d", step_seconds: 3600, route: "/api/products/", method: "GET", routes: null });
    const bad = await asAdmin(metrics, { path: "/api/monitoring/metrics/?range=1y&route=%3Cscript%3E&method=BREW" });
    expectProblem(bad, 400);
    expect(Object.keys(bad.body.errors as object).sort()).toEqual(["method", "range", "route"]);
  });
});

describe("the live stream (Server-Sent Events)", () => {
  it("sends a dashboard event at once with the dashboard's JSON, headers for streaming, and stops when the client goes away", async () => {
    const ac = new AbortController();
    const req = new Request("http://localhost:3000/api/monitoring/stream/", { headers: adminAuth, signal: ac.signal });
    const res = await stream(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const reader = res.body!.getReader();
    const { text } = await readUntil(reader, (s) => s.includes("event: dashboard") && s.includes("\n\n", s.indexOf("event: dashboard")));
    const data = firstEvent(text, "dashboard");
    for (const k of ["current_health", "recent_alerts", "active_incidents", "recent_actions", "metrics_summary", "trends", "dependencies", "blocked_ips"]) expect(data, k).toHaveProperty(k);
    expect(text).toMatch(/^retry: \d+\n: connected\n\n/);
    ac.abort();
    const end = await readUntil(reader, () => false, 5000);
    expect(end.done).toBe(true);
  });

  it("refuses non-admins with a 403 problem before any stream, and anonymous callers with 401", async () => {
    for (const d of denied) {
      const res = await call(stream, { path: "/api/monitoring/stream/", headers: d.headers });
      expectProblem(res, 403);
      expect(res.headers.get("content-type")).not.toMatch(/event-stream/);
    }
    expectProblem(await call(stream, { path: "/api/monitoring/stream/" }), 401);
    expectProblem(await call(stream, { path: "/api/monitoring/stream/?range=forever", headers: adminAuth }), 400);
  });

  it("re-checks the session as it runs: a revoked session ends the stream", async () => {
    const own = await bearerFor(admin);
    const req = new Request("http://localhost:3000/api/monitoring/stream/", { headers: own.headers });
    const res = dashboardStream(req, { range: "1h", intervalMs: 20, recheckEvery: 2 });
    const reader = res.body!.getReader();
    await readUntil(reader, (s) => s.includes("event: dashboard"));
    await revokeSession(db(), own.sessionId, "test", admin.id);
    const rest = await readUntil(reader, () => false, 10_000);
    expect(rest.done).toBe(true);
    expect(firstEvent(rest.text, "end")).toMatchObject({ code: "unauthenticated" });
  });

  it("streams to an API key with monitoring:read, re-checking the key: a revoked key ends the stream", async () => {
    const { POST: createKey } = await import("@/app/api/auth/api-keys/route");
    const { DELETE: revokeKey } = await import("@/app/api/auth/api-keys/[id]/route");
    const created = await call<{ id: string; key: string }>(createKey, { method: "POST", path: "/api/auth/api-keys/", headers: (await bearerFor(admin)).headers, body: { name: "wallboard", scopes: ["monitoring:read"] } });
    expect(created.status).toBe(201);
    const req = new Request("http://localhost:3000/api/monitoring/stream/", { headers: { "x-api-key": created.body.key } });
    const res = dashboardStream(req, { range: "1h", intervalMs: 20, recheckEvery: 2 });
    const reader = res.body!.getReader();
    const first = await readUntil(reader, (s) => (s.match(/event: dashboard/g) ?? []).length >= 3);
    expect(first.text).not.toContain("event: end");
    const revoked = await call(revokeKey, { method: "DELETE", path: `/api/auth/api-keys/${created.body.id}/`, params: { id: created.body.id }, headers: (await bearerFor(admin)).headers });
    expect(revoked.status).toBe(204);
    const rest = await readUntil(reader, () => false, 10_000);
    expect(rest.done).toBe(true);
    expect(firstEvent(rest.text, "end")).toMatchObject({ code: "unauthenticated" });
  });

  it("a lost role ends the stream as forbidden", async () => {
    const other = await createUser({ roles: ["ADMIN"] });
    const auth = await bearerFor(other);
    const res = dashboardStream(new Request("http://localhost:3000/api/monitoring/stream/", { headers: auth.headers }), { range: "1h", intervalMs: 20, recheckEvery: 1 });
    const reader = res.body!.getReader();
    await readUntil(reader, (s) => s.includes("event: dashboard"));
    const { userRoles } = await import("@/db/schema");
    await t.db.delete(userRoles).where(eq(userRoles.userId, other.id));
    const rest = await readUntil(reader, () => false, 10_000);
    expect(rest.done).toBe(true);
    expect(firstEvent(rest.text, "end")).toMatchObject({ code: "forbidden" });
  });
});

describe("fault injection", () => {
  const saved = { FAULT_INJECTION: process.env.FAULT_INJECTION, APP_ENV: process.env.APP_ENV, APP_URL: process.env.APP_URL, ALLOW: process.env.ALLOW_EMBEDDED_DB_IN_PRODUCTION };
  const setEnv = (k: string, v: string | undefined) => {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  };
  const restore = () => {
    setEnv("FAULT_INJECTION", saved.FAULT_INJECTION);
    setEnv("APP_ENV", saved.APP_ENV);
    setEnv("APP_URL", saved.APP_URL);
    setEnv("ALLOW_EMBEDDED_DB_IN_PRODUCTION", saved.ALLOW);
    resetEnvForTests();
  };
  const F = "/api/monitoring/faults/";
  const errorFault = { route: "/api/products/", mode: "error", rate: 1, duration_seconds: 60 };
  const allVerbs = (headers?: Record<string, string>) =>
    Promise.all([call(faultsList, { path: F, headers }), call(faultsPost, { method: "POST", path: F, body: errorFault, headers }), call(faultsDelete, { method: "DELETE", path: F, headers })]);

  beforeAll(async () => {
    await createProduct((await createUser({ roles: ["SELLER"] })).id, { name: "Drill lamp" });
  });
  afterAll(() => {
    clearFaults();
    restore();
  });

  it("is a 404 for everyone while FAULT_INJECTION is unset", async () => {
    setEnv("FAULT_INJECTION", undefined);
    resetEnvForTests();
    for (const res of [...(await allVerbs(adminAuth)), ...(await allVerbs())]) expectProblem(res, 404);
    expect((await call(productList, { path: "/api/products/" })).status).toBe(200);
  });

  it("is a 404 in production even with FAULT_INJECTION=1", async () => {
    setEnv("FAULT_INJECTION", "1");
    setEnv("APP_ENV", "production");
    setEnv("APP_URL", "https://shop.example");
    setEnv("ALLOW_EMBEDDED_DB_IN_PRODUCTION", "1");
    resetEnvForTests();
    try {
      for (const res of await allVerbs(adminAuth)) expectProblem(res, 404);
    } finally {
      restore();
    }
    expect((await call(productList, { path: "/api/products/" })).status).toBe(200);
  });

  it("with FAULT_INJECTION=1: admin only, strict body", async () => {
    setEnv("FAULT_INJECTION", "1");
    resetEnvForTests();
    for (const res of await allVerbs()) expectProblem(res, 401);
    for (const d of denied) for (const res of await allVerbs(d.headers)) expectProblem(res, 403);
    const cases: [unknown, string[]][] = [
      [{ ...errorFault, rate: 1.5, duration_seconds: 0 }, ["duration_seconds", "rate"]],
      [{ ...errorFault, mode: "explode", duration_seconds: 3601 }, ["duration_seconds", "mode"]],
      [{ ...errorFault, route: "/api/monitoring/dashboard/" }, ["route"]],
      [{ ...errorFault, route: "/api//health/" }, ["route"]],
      [{ ...errorFault, route: "https://evil.example/" }, ["route"]],
      [{ ...errorFault, extra: 1 }, ["extra"]],
      [{ route: "/api/products/" }, ["duration_seconds", "mode", "rate"]],
    ];
    for (const [body, fields] of cases) {
      const res = await asAdmin(faultsPost, { method: "POST", path: F, body });
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors as object).sort(), JSON.stringify(body)).toEqual(fields);
    }
    expect((await asAdmin<{ results: Json[] }>(faultsList, { path: F })).body.results).toEqual([]);
  });

  it("error mode: GET /api/products/ answers 500 at rate 1, counted as 5xx by the metrics, and clears with DELETE", async () => {
    setEnv("FAULT_INJECTION", "1");
    resetEnvForTests();
    const errorsOf = async () => {
      await flushRequestMetrics();
      const m = await asAdmin<{ totals: { errors: number; requests: number } }>(metrics, { path: "/api/monitoring/metrics/?route=/api/products/&method=GET" });
      return m.body.totals;
    };
    const before = await errorsOf();
    const set = await asAdmin(faultsPost, { method: "POST", path: F, body: errorFault });
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ route: "/api/products/", mode: "error", rate: 1, created_by: admin.id });
    expect((await asAdmin<{ results: Json[] }>(faultsList, { path: F })).body.results).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      const res = await call(productList, { path: "/api/products/" });
      expectProblem(res, 500);
      expect(String(res.body.detail)).toContain("Injected fault");
    }
    // monitoring itself is never faulted
    expect((await asAdmin(dashboard, { path: "/api/monitoring/dashboard/" })).status).toBe(200);
    const after = await errorsOf();
    expect(after.errors - before.errors).toBe(3);
    expect(after.requests - before.requests).toBe(3);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, "FAULT_INJECT"), eq(auditLog.actorUserId, admin.id)))).toHaveLength(1);

    const cleared = await asAdmin(faultsDelete, { method: "DELETE", path: `${F}?route=/api/products/` });
    expect(cleared.body).toMatchObject({ cleared: 1, results: [] });
    expect((await call(productList, { path: "/api/products/" })).status).toBe(200);
  });

  it("slow mode adds latency to the faulted route only", async () => {
    setEnv("FAULT_INJECTION", "1");
    resetEnvForTests();
    expect((await asAdmin(faultsPost, { method: "POST", path: F, body: { ...errorFault, mode: "slow" } })).status).toBe(201);
    const started = performance.now();
    const res = await call(productList, { path: "/api/products/" });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(SLOW_MIN_MS);
    const all = await asAdmin(faultsDelete, { method: "DELETE", path: F });
    expect(all.body).toMatchObject({ cleared: 1, results: [] });
    expectProblem(await asAdmin(faultsDelete, { method: "DELETE", path: `${F}?route=javascript:1` }), 400);
  });
});

describe("the agent through the API: trigger_monitoring, undo, approve", () => {
  const T = "/api/monitoring/ai-actions/trigger_monitoring/";
  const on = (handler: Handler, id: number, verb: string) => ({ handler, method: "POST", path: `/api/monitoring/ai-actions/${id}/${verb}/`, params: { id: String(id) } });

  it("only admins may trigger, undo or approve (nothing runs for the others)", async () => {
    const [act] = await t.db.insert(agentActions).values({ actionType: "block_ip", description: "d", triggeredBy: "agent", status: "completed", target: "192.0.2.50", expiresAt: new Date(Date.now() + 600_000) }).returning();
    const snapshots = (await t.db.select().from(healthSnapshots)).length;
    const cases = [{ handler: trigger, method: "POST", path: T }, on(undo, act!.id, "undo"), on(approve, act!.id, "approve")];
    for (const c of cases) {
      expectProblem(await call(c.handler, c), 401);
      for (const d of denied) expectProblem(await call(c.handler, { ...c, headers: d.headers }), 403);
    }
    expect((await t.db.select().from(healthSnapshots)).length).toBe(snapshots);
    expect((await t.db.select().from(agentActions).where(eq(agentActions.id, act!.id)))[0]!.status).toBe("completed");
  });

  it("trigger_monitoring runs one cycle and answers its CycleResult; audited; strict body", async () => {
    expectProblem(await asAdmin(trigger, { method: "POST", path: T, body: { force: true } }), 400);
    const res = await asAdmin<{ message: string; results: Json }>(trigger, { method: "POST", path: T });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe("Monitoring cycle completed");
    expect(res.body.results).toMatchObject({ ran: true });
    for (const k of ["started_at", "finished_at", "mode", "findings", "alerts_opened", "actions_taken", "overall_status", "snapshot_id"]) expect(res.body.results, k).toHaveProperty(k);
    const snapshotId = Number(res.body.results.snapshot_id);
    expect(snapshotId).toBeGreaterThan(0);
    const dash = await asAdmin(dashboard, { path: "/api/monitoring/dashboard/" });
    expect((dash.body.current_health as Json).id).toBe(snapshotId);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "MONITORING_TRIGGER"), eq(auditLog.actorUserId, admin.id)));
    expect(audits.map((a) => a.result)).toEqual(["SUCCESS"]);
  });

  it("undo lifts an IP block in effect and marks the action rolled back; again is 409; unknown is 404", async () => {
    const [act] = await t.db
      .insert(agentActions)
      .values({ actionType: "block_ip", description: "Block 192.0.2.77", explanation: "credential stuffing", triggeredBy: "agent", status: "completed", target: "192.0.2.77", expiresAt: new Date(Date.now() + 600_000) })
      .returning();
    await t.db.insert(ipBlocks).values({ ip: "192.0.2.77", reason: "credential stuffing", actionId: act!.id, expiresAt: new Date(Date.now() + 600_000) });
    const c = on(undo, act!.id, "undo");
    const res = await asAdmin(undo, c);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: act!.id, status: "rolled_back", undone_by: admin.id });
    const [block] = await t.db.select().from(ipBlocks).where(eq(ipBlocks.actionId, act!.id));
    expect(block!.liftedAt).not.toBeNull();
    expectProblem(await asAdmin(undo, c), 409);
    expectProblem(await asAdmin(undo, { ...c, body: { reason: "x" } }), 400);
    expectProblem(await asAdmin(undo, on(undo, 999999, "undo")), 404);
  });

  it("approve carries out a proposal waiting for approval (then undone); approving twice is 409", async () => {
    const [act] = await t.db
      .insert(agentActions)
      .values({ actionType: "read_only_mode", description: "Read-only mode", explanation: "error storm on writes", triggeredBy: "agent", status: "pending", requiresApproval: true, target: "shop", expiresAt: new Date(Date.now() + 600_000), metadata: { minutes: 5 } })
      .returning();
    const c = on(approve, act!.id, "approve");
    const res = await asAdmin(approve, c);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: act!.id, status: "completed", approved_by: admin.id });
    expectProblem(await asAdmin(approve, c), 409);
    const undone = await asAdmin(undo, on(undo, act!.id, "undo"));
    expect(undone.body).toMatchObject({ status: "rolled_back", undone_by: admin.id });
    expectProblem(await asAdmin(approve, on(approve, 999999, "approve")), 404);
  });
});
