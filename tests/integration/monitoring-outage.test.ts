import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDbHandle, openDatabase, setDbHandle } from "@/db/client";
import { agentActions, alerts, emailOutbox, incidents } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { runAgentCycle } from "@/lib/monitoring/agent/cycle";
import { OUTAGE_FINGERPRINT, pendingDatabaseOutage } from "@/lib/monitoring/agent/outage";
import { createUser } from "@/tests/helpers/factories";
import { setupTestDatabase } from "@/tests/helpers/test-db";

/**
 * A database outage: cycles that cannot reach the database record nothing (they cannot), announce the outage once
 * to the webhook, and the first cycle that reaches it again raises one critical alert with the outage's evidence,
 * an outage incident and the admins' notification. The "unreachable database" is a real one: a PostgreSQL URL on a
 * closed port, installed as the process's database for the failing cycles.
 */
const t = setupTestDatabase();
let server: Server;
const received: Record<string, unknown>[] = [];

beforeAll(async () => {
  await createUser({ roles: ["ADMIN", "CUSTOMER"] });
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  Object.assign(process.env, { AGENT_MODE: "act", AGENT_WEBHOOK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` });
  resetEnvForTests();
});

afterAll(async () => {
  delete process.env.AGENT_MODE;
  delete process.env.AGENT_WEBHOOK_URL;
  resetEnvForTests();
  await new Promise<void>((r) => server.close(() => r()));
});

describe("database outage", () => {
  it("is remembered while the database is down and becomes one critical alert, an incident and a notification when it answers", async () => {
    const real = getDbHandle();
    const dead = openDatabase({ url: "postgres://postgres@127.0.0.1:9/unreachable", poolMax: 1 });
    const down = new Date(Date.now() - 20_000);
    setDbHandle(dead);
    try {
      const first = await runAgentCycle({ trigger: "manual", now: down });
      const second = await runAgentCycle({ trigger: "manual", now: new Date(down.getTime() + 5_000) });
      for (const r of [first, second]) expect(r).toMatchObject({ ran: false, overall_status: "critical", reason: expect.stringMatching(/database did not answer/) });
    } finally {
      setDbHandle(real);
      await dead.close().catch(() => {});
    }
    // announced once, at the first failure, by the only channel that needs no database
    const started = received.filter((b) => b.event === "monitoring.database_unreachable");
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ at: down.toISOString(), subject: "Database unreachable" });
    expect(pendingDatabaseOutage()).toMatchObject({ failedCycles: 2, webhook: "delivered" });
    expect(await t.db.select().from(alerts).where(eq(alerts.fingerprint, OUTAGE_FINGERPRINT))).toEqual([]);

    const back = await runAgentCycle({ trigger: "manual" });
    expect(back.ran).toBe(true);
    const [alert, ...more] = await t.db.select().from(alerts).where(eq(alerts.fingerprint, OUTAGE_FINGERPRINT));
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ severity: "critical", alertType: "database", status: "active" });
    expect(alert!.evidence).toMatchObject({ metric: "database_reachable", value: "unreachable", failed_cycles: 2, first_failure_at: down.toISOString(), webhook_at_start: "delivered" });
    expect(String((alert!.evidence as Record<string, unknown>).error)).toMatch(/ECONNREFUSED|connect/i);
    expect(alert!.incidentId).not.toBeNull();
    const [incident] = await t.db.select().from(incidents).where(eq(incidents.id, alert!.incidentId!));
    expect(incident).toMatchObject({ incidentType: "outage", severity: "high", status: "open" });
    const [note] = await t.db.select().from(agentActions).where(eq(agentActions.actionType, "notify_admins"));
    expect(note).toMatchObject({ status: "completed", success: true });
    expect((await t.db.select().from(emailOutbox)).some((m) => m.body.includes("Database was unreachable"))).toBe(true);
    expect(received.some((b) => b.event === "monitoring.notification" && JSON.stringify(b).includes("Database was unreachable"))).toBe(true);

    // settled: the next cycle raises nothing new, and the alert then counts clear cycles like any other
    expect(pendingDatabaseOutage()).toBeNull();
    await runAgentCycle({ trigger: "manual" });
    const after = await t.db.select().from(alerts).where(eq(alerts.fingerprint, OUTAGE_FINGERPRINT));
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ occurrences: 1, clearCycles: 1 });
  });
});
