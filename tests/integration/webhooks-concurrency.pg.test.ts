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
let endpointId: string;

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
  endpointId = crypto.randomUUID();
  await t.db.insert(webhookEndpoints).values({
    id: endpointId,
    ownerId: owner.id,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    events: ["order.created"],
    secretEncrypted: sealWebhookSecret(endpointId, generateWebhookSecret()),
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  resetEnvForTests();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

async function queue(n: number): Promise<string[]> {
  const rows = Array.from({ length: n }, () => {
    const eventId = crypto.randomUUID();
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

  it("four concurrent runs deliver each of 40 deliveries exactly once", async () => {
    hits.length = 0;
    const ids = await queue(40);
    const runs = await Promise.all(
      ["a", "b", "c", "d"].map((w) => runWebhookDeliveries({ limit: 15, workerId: `instance-${w}` })),
    );
    // whatever the split, nothing was claimed twice; a second round picks up anything left
    const rest = await runWebhookDeliveries({ limit: 100 });
    expect(runs.reduce((s, r) => s + r.claimed, 0) + rest.claimed).toBe(40);
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
    const [held, free] = await queue(2);
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
