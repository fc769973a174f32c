import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, inArray } from "drizzle-orm";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { eventBody } from "@/lib/webhooks/enqueue";
import { generateWebhookSecret, sealWebhookSecret } from "@/lib/webhooks/secret";
import { runWebhookDeliveries } from "@/lib/webhooks/worker";
import { createUser } from "@/tests/helpers/factories";
import { setupTestDatabase } from "@/tests/helpers/test-db";

/**
 * Several instances delivering from one PostgreSQL queue: concurrent runs on separate pooled connections must give
 * each attempt to exactly one of them (FOR UPDATE SKIP LOCKED + lease), and rows another connection holds are
 * skipped, not waited for.
 */
const t = setupTestDatabase();

let server: Server;
const hits: string[] = [];
/** Twenty endpoints: a run takes at most PER_ENDPOINT deliveries of each, so the load is spread over many. */
const endpointIds: string[] = [];

beforeAll(async () => {
  vi.stubEnv("WEBHOOK_ALLOW_PRIVATE_TARGETS", "1");
  resetEnvForTests();
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits.push(String(req.headers["shop-delivery"]));
      // a little latency so the runs overlap for real
      setTimeout(() => res.writeHead(204).end(), 20);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const owner = await createUser({ roles: ["SELLER"] });
  for (let i = 0; i < 20; i++) {
    const id = crypto.randomUUID();
    endpointIds.push(id);
    await t.db.insert(webhookEndpoints).values({
      id,
      ownerId: owner.id,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      events: ["order.created"],
      secretEncrypted: sealWebhookSecret(id, generateWebhookSecret()),
    });
  }
});

afterAll(async () => {
  vi.unstubAllEnvs();
  resetEnvForTests();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

/** `n` pings, spread over the endpoints round-robin (or all to one endpoint). */
async function queue(n: number, only?: string): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => {
    const eventId = crypto.randomUUID();
    const endpointId = only ?? endpointIds[i % endpointIds.length]!;
    return { endpointId, eventId, eventType: "ping", payload: eventBody(eventId, "ping", new Date(), { n }) };
  });
  return (await t.db.insert(webhookDeliveries).values(rows).returning({ id: webhookDeliveries.id })).map(
    (r) => r.id,
  );
}

describe("webhook delivery across instances (PostgreSQL)", () => {
  it("runs on PostgreSQL", () => {
    expect(t.kind).toBe("postgres");
  });

  it("four concurrent runs deliver each of 40 deliveries (20 endpoints) exactly once", async () => {
    hits.length = 0;
    const ids = await queue(40);
    const runs = await Promise.all(
      ["a", "b", "c", "d"].map((w) => runWebhookDeliveries({ limit: 15, workerId: `instance-${w}` })),
    );
    // whatever the split, nothing was claimed twice; a second round picks up anything left
    let rest = 0;
    for (let i = 0; i < 40; i++) {
      const run = await runWebhookDeliveries({ limit: 100 });
      if (!run.claimed) break;
      rest += run.claimed;
    }
    expect(runs.reduce((s, r) => s + r.claimed, 0) + rest).toBe(40);
    expect(runs.filter((r) => r.claimed > 0).length).toBeGreaterThan(1);
    expect(hits.slice().sort()).toEqual(ids.slice().sort());
    const attempts = await t.db
      .select()
      .from(webhookAttempts)
      .where(inArray(webhookAttempts.deliveryId, ids));
    expect(attempts).toHaveLength(40);
    const states = await t.db
      .select({ status: webhookDeliveries.status })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, ids));
    expect(states.every((s) => s.status === "succeeded")).toBe(true);
  });

  it("rows locked by another connection are skipped, not waited for, and delivered once released", async () => {
    hits.length = 0;
    const [held, free] = await queue(2, endpointIds[0]);
    const other = new Client({ connectionString: t.handle.url });
    await other.connect();
    try {
      await other.query("begin");
      await other.query("select id from webhook_deliveries where id = $1 for update", [held]);
      const run = await runWebhookDeliveries({ workerId: "instance-e" });
      expect(run.claimed).toBe(1);
      expect(hits).toEqual([free]);
      await other.query("commit");
    } finally {
      await other.end();
    }
    await runWebhookDeliveries({ workerId: "instance-f" });
    expect(hits).toEqual([free, held]);
    const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, held!));
    expect(row).toMatchObject({ status: "succeeded", attemptCount: 1, lockedBy: null });
  });
});
