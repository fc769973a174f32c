import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/api/audit/export/route";
import { GET as list } from "@/app/api/audit/route";
import { GET as verify } from "@/app/api/audit/verify/route";
import { db, queryRows } from "@/db/client";
import { auditLog } from "@/db/schema";
import { openAuditExport } from "@/lib/audit/queries";
import { auditExportQuery } from "@/lib/audit/schemas";
import { AUDIT_CSV_COLUMNS } from "@/lib/audit/serializers";
import { audit, auditWriteFailures, type AuditEvent } from "@/lib/audit/write";
import { bearerFor, cookieFor } from "@/tests/helpers/auth";
import { createUser } from "@/tests/helpers/factories";
import { call, expectProblem, type CallResult } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

type Entry = {
  id: number;
  occurred_at: string;
  actor_user_id: number | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  result: string;
  ip: string | null;
  user_agent: string;
  request_id: string | null;
  metadata: Record<string, unknown>;
  hash: string;
  prev_hash: string;
};
type Page = { count: number; next: string | null; previous: string | null; results: Entry[] };
type Report = { ok: boolean; checked: number; broken: { id: number; reason: string }[]; first_broken_id: number | null; write_failures: number };

type Handler = typeof list;
const ENDPOINTS: [string, Handler, string][] = [
  ["list", list, "/api/audit/"],
  ["verify", verify, "/api/audit/verify/"],
  ["export", exportCsv, "/api/audit/export/"],
];

let admin: { id: number; email: string; passwordHash: string };
let customer: { id: number; email: string };
let seller: { id: number; email: string };
let adminHeaders: Record<string, string>;
/** Every response body this file sees: none may carry a password hash. */
const seen: string[] = [];

async function get<T = Record<string, unknown>>(handler: Handler, path: string, headers = adminHeaders): Promise<CallResult<T>> {
  const res = await call<T>(handler, { path, headers });
  seen.push(res.text);
  return res;
}

const listOf = (qs: string) => get<Page>(list, `/api/audit/?${qs}`);
const runVerify = () => get<Report>(verify, "/api/audit/verify/");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const meta = (ip: string | null, requestId: string | null = null, userAgent = "vitest") => ({ ip, userAgent, requestId });

/** RFC 4180 reader for the test: quoted cells, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  expect(quoted).toBe(false);
  expect(cell).toBe("");
  return rows;
}

beforeAll(async () => {
  admin = await createUser({ roles: ["CUSTOMER", "ADMIN"] });
  customer = await createUser({ roles: ["CUSTOMER"] });
  seller = await createUser({ roles: ["CUSTOMER", "SELLER"] });
  adminHeaders = (await bearerFor(admin)).headers;
});

afterAll(() => {
  for (const text of seen) {
    expect(text).not.toContain("password_hash");
    expect(text).not.toContain("passwordHash");
    expect(text).not.toContain(admin.passwordHash);
  }
});

describe("who may read the audit log", () => {
  it.each(ENDPOINTS)("%s: anonymous callers get 401", async (_name, handler, path) => {
    const res = await get(handler, path, {});
    expectProblem(res, 401);
  });

  it.each(ENDPOINTS)("%s: customers and sellers get 403, by bearer token and by cookie", async (_name, handler, path) => {
    for (const user of [customer, seller]) {
      for (const session of [await bearerFor(user), await cookieFor(user)]) {
        const res = await get(handler, path, session.headers);
        expectProblem(res, 403);
      }
    }
  });

  it.each(ENDPOINTS)("%s: an admin gets 200, by bearer token and by cookie", async (_name, handler, path) => {
    expect((await get(handler, path)).status).toBe(200);
    expect((await get(handler, path, (await cookieFor(admin)).headers)).status).toBe(200);
  });

  it("a revoked-looking bearer token (garbage) is 401, never a fallback to anything else", async () => {
    const res = await get(list, "/api/audit/", { authorization: "Bearer not-a-token" });
    expectProblem(res, 401);
  });
});

describe("GET /api/audit/", () => {
  const ids: Record<string, number> = {};
  let times: Record<string, string> = {};

  beforeAll(async () => {
    const events: [string, AuditEvent][] = [
      ["a", { action: "T_LOGIN", targetType: "USER", targetId: customer.id, result: "SUCCESS", actorUserId: customer.id, meta: meta("198.51.100.7", "req-a") }],
      ["b", { action: "T_LOGIN", targetType: "USER", targetId: customer.id, result: "FAILURE", actorUserId: null, meta: meta("198.51.100.8", "req-b"), metadata: { reason: "bad_password" } }],
      ["c", { action: "T_LOCK", targetType: "USER", targetId: seller.id, result: "BLOCKED", actorUserId: admin.id, meta: meta("2001:db8::1", "req-c") }],
      ["d", { action: "T_PRODUCT", targetType: "PRODUCT", targetId: "42", result: "SUCCESS", actorUserId: seller.id, meta: meta(null, "req-d"), metadata: { nested: { b: 2, a: [1, "x"] } } }],
    ];
    for (const [key, event] of events) {
      await audit(event);
      await sleep(5); // distinct timestamps, so since/until can split them
      const [row] = await db().select({ id: auditLog.id, at: auditLog.occurredAt }).from(auditLog).orderBy(sql`${auditLog.id} desc`).limit(1);
      ids[key] = row!.id;
      times = { ...times, [key]: row!.at.toISOString() };
    }
  });

  it("lists newest first with exactly the documented fields and the actor's email", async () => {
    const res = await listOf("action=T_LOGIN");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.body.count).toBe(2);
    expect(res.body.results.map((e) => e.id)).toEqual([ids.b, ids.a]);
    const a = res.body.results[1]!;
    expect(Object.keys(a).sort()).toEqual([...AUDIT_CSV_COLUMNS].sort());
    expect(a).toMatchObject({
      actor_user_id: customer.id,
      actor_email: customer.email,
      action: "T_LOGIN",
      target_type: "USER",
      target_id: String(customer.id),
      result: "SUCCESS",
      ip: "198.51.100.7",
      user_agent: "vitest",
      request_id: "req-a",
      metadata: {},
      occurred_at: times.a,
    });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.results[0]!.prev_hash).toBe(a.hash); // b was written right after a
    expect(res.body.results[0]!).toMatchObject({ actor_user_id: null, actor_email: null, metadata: { reason: "bad_password" } });
  });

  it("orders oldest first on request", async () => {
    const res = await listOf("ordering=occurred_at&action=T_LOGIN");
    expect(res.body.results.map((e) => e.id)).toEqual([ids.a, ids.b]);
    const all = await listOf("ordering=occurred_at&page_size=100");
    const stamps = all.body.results.map((e) => e.occurred_at);
    expect(stamps).toEqual([...stamps].sort());
  });

  it("filters by action, result, actor, target, ip, request id and time range", async () => {
    const only = async (qs: string) => (await listOf(`${qs}&page_size=100`)).body.results.map((e) => e.id);
    expect(await only("result=FAILURE")).toEqual([ids.b]);
    expect(await only("result=BLOCKED")).toEqual([ids.c]);
    expect(await only(`actor=${seller.id}`)).toEqual([ids.d]);
    expect(await only(`actor=${customer.id}&action=T_LOGIN`)).toEqual([ids.a]);
    expect(await only("target_type=PRODUCT")).toEqual([ids.d]);
    expect(await only(`target_type=USER&target_id=${seller.id}`)).toEqual([ids.c]);
    expect(await only("ip=198.51.100.8")).toEqual([ids.b]);
    expect(await only("ip=2001:DB8:0:0:0:0:0:1")).toEqual([ids.c]); // any spelling of the same address
    expect(await only("request_id=req-d")).toEqual([ids.d]);
    expect(await only(`since=${times.b}&until=${times.c}`)).toEqual([ids.c, ids.b]);
    expect(await only(`since=${times.d}&action=T_PRODUCT`)).toEqual([ids.d]);
    expect(await only(`until=${times.a}&action=T_LOGIN`)).toEqual([ids.a]);
    expect(await only(`since=${encodeURIComponent(new Date(Date.parse(times.d!) + 1).toISOString().replace("Z", "+00:00"))}&action=T_PRODUCT`)).toEqual([]);
    expect(await only("action=NOTHING_LIKE_THIS")).toEqual([]);
  });

  it("paginates and keeps the filters in the links", async () => {
    const res = await listOf("action=T_LOGIN&page_size=1");
    expect(res.body.count).toBe(2);
    expect(res.body.results.map((e) => e.id)).toEqual([ids.b]);
    expect(res.body.next).toBe("http://localhost:3000/api/audit/?action=T_LOGIN&page_size=1&page=2");
    const second = await listOf("action=T_LOGIN&page_size=1&page=2");
    expect(second.body.results.map((e) => e.id)).toEqual([ids.a]);
    expect(second.body.previous).toBe("http://localhost:3000/api/audit/?action=T_LOGIN&page_size=1");
    expectProblem(await listOf("action=T_LOGIN&page=3"), 404);
  });

  it("answers bad filter values with a 400 problem naming the field", async () => {
    for (const [qs, field] of [
      ["result=MAYBE", "result"],
      ["result=success", "result"],
      ["actor=abc", "actor"],
      ["actor=-1", "actor"],
      ["ip=999.1.1.1", "ip"],
      ["ip=localhost", "ip"],
      ["ip=1.2.3.4/8", "ip"],
      ["since=yesterday", "since"],
      ["since=2026-01-01", "since"],
      ["until=2026-13-01T00:00:00Z", "until"],
      ["since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", "until"],
      ["action=" + "A".repeat(65), "action"],
      ["action=drop%20table", "action"],
      ["target_type=a'b", "target_type"],
      ["target_id=", "target_id"],
      ["request_id=%3Cscript%3E", "request_id"],
      ["ordering=id", "ordering"],
      ["ordering=password_hash", "ordering"],
      ["page=0", "page"],
      ["page_size=101", "page_size"],
      ["actor_email=x", "actor_email"],
      ["search=x", "search"],
    ] as const) {
      const res = await listOf(qs);
      expectProblem(res, 400);
      expect(Object.keys(res.body as object)).toContain("errors");
      expect(Object.keys((res.body as unknown as { errors: object }).errors)).toContain(field);
    }
  });
});

describe("GET /api/audit/verify/", () => {
  it("reports an intact chain after many writes, sequential and concurrent, and records each verification", async () => {
    const failuresBefore = auditWriteFailures().count;
    for (let i = 0; i < 15; i++) {
      await audit({ action: "T_SEQ", targetType: "TEST", targetId: i, result: "SUCCESS", meta: meta("192.0.2.1"), metadata: { i } });
    }
    // Concurrent writers: the advisory lock must serialise them so that each row links to the one before it.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit({ action: "T_CONCURRENT", targetType: "TEST", targetId: i, result: i % 3 ? "SUCCESS" : "FAILURE", actorUserId: customer.id, meta: meta("192.0.2.2", `c-${i}`), metadata: { i, s: "é\"'<>" } }),
      ),
    );
    expect(auditWriteFailures().count).toBe(failuresBefore);
    const concurrent = await listOf("action=T_CONCURRENT&page_size=100");
    expect(concurrent.body.count).toBe(40);

    const [{ total }] = (await queryRows<{ total: number }>(db(), sql`select count(*)::int as total from audit_log`)) as [{ total: number }];
    const res = await runVerify();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, checked: total, broken: [], broken_count: 0, first_broken_id: null, write_failures: failuresBefore });

    // The links really are a single chain in id order.
    const rows = await db().select({ id: auditLog.id, hash: auditLog.hash, prev: auditLog.prevHash }).from(auditLog).orderBy(asc(auditLog.id));
    rows.forEach((r, i) => expect(r.prev).toBe(i === 0 ? "0".repeat(64) : rows[i - 1]!.hash));

    const recorded = await listOf("action=AUDIT_VERIFIED&page_size=1");
    expect(recorded.body.results[0]).toMatchObject({
      actor_user_id: admin.id,
      actor_email: admin.email,
      target_type: "audit_log",
      result: "SUCCESS",
      metadata: { checked: total, broken_count: 0 },
    });
    expect(recorded.body.results[0]!.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("names exactly the row whose content was changed by hand, and is whole again once it is put back", async () => {
    const [target] = await db().select().from(auditLog).where(eq(auditLog.action, "T_SEQ")).orderBy(asc(auditLog.id)).offset(7).limit(1);
    const id = target!.id;

    await db().execute(sql`update audit_log set metadata = '{"x":1}' where id = ${id}`);
    let res = await runVerify();
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.broken).toEqual([{ id, reason: "content_changed" }]);
    expect(res.body.first_broken_id).toBe(id);
    const recorded = await listOf("action=AUDIT_VERIFIED&page_size=1");
    expect(recorded.body.results[0]).toMatchObject({ result: "FAILURE", metadata: { broken_count: 1 } });

    await db().execute(sql`update audit_log set metadata = ${JSON.stringify(target!.metadata)}::jsonb where id = ${id}`);
    expect((await runVerify()).body.ok).toBe(true);

    for (const tamper of [
      sql`update audit_log set result = 'FAILURE' where id = ${id}`,
      sql`update audit_log set actor_user_id = ${admin.id} where id = ${id}`,
      sql`update audit_log set occurred_at = occurred_at - interval '1 second' where id = ${id}`,
      sql`update audit_log set ip = '10.0.0.1' where id = ${id}`,
      sql`update audit_log set prev_hash = ${"f".repeat(64)} where id = ${id}`,
    ]) {
      await db().execute(tamper);
      res = await runVerify();
      expect(res.body.ok).toBe(false);
      expect(res.body.broken).toEqual([{ id, reason: "content_changed" }]);
      await db().delete(auditLog).where(eq(auditLog.id, id));
      await db().insert(auditLog).values(target!);
      expect((await runVerify()).body.ok).toBe(true);
    }
  });

  it("names the row after a deleted one (its link is broken)", async () => {
    const rows = await db().select().from(auditLog).where(eq(auditLog.action, "T_CONCURRENT")).orderBy(asc(auditLog.id)).limit(12);
    const removed = rows[10]!;
    const after = rows[11]!;
    await db().delete(auditLog).where(eq(auditLog.id, removed.id));
    const res = await runVerify();
    expect(res.body.ok).toBe(false);
    expect(res.body.broken).toEqual([{ id: after.id, reason: "link_broken" }]);
    expect(res.body.first_broken_id).toBe(after.id);

    await db().insert(auditLog).values(removed);
    expect((await runVerify()).body.ok).toBe(true);
  });

  it("refuses parameters it does not take", async () => {
    const res = await get(verify, "/api/audit/verify/?fix=1");
    expectProblem(res, 400);
    expect(res.body.errors).toHaveProperty("fix");
  });
});

describe("GET /api/audit/export/", () => {
  beforeAll(async () => {
    await audit({
      action: "T_EXPORT",
      targetType: "USER",
      targetId: "+SUM(1,2)",
      result: "FAILURE",
      actorUserId: customer.id,
      meta: meta("203.0.113.5", "-req", "=cmd|' /C calc'!A0"),
      metadata: { note: 'He said "hi", then\r\nleft', formula: "=1+1" },
    });
    await sleep(2);
    await audit({ action: "T_EXPORT", targetType: "USER", result: "SUCCESS", meta: meta(null, null, "@attacker\tua") });
  });

  it("downloads the filtered rows as CSV with formula cells neutralised and quotes doubled", async () => {
    const res = await get(exportCsv, "/api/audit/export/?action=T_EXPORT");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-\d{8}T\d{6}Z\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-export-rows")).toBe("2");
    expect(res.headers.get("x-export-truncated")).toBe("false");

    const [header, second, first, ...rest] = parseCsv(res.text);
    expect(rest).toEqual([]);
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    const col = (row: string[] | undefined, name: (typeof AUDIT_CSV_COLUMNS)[number]) => row![AUDIT_CSV_COLUMNS.indexOf(name)];

    expect(col(second, "result")).toBe("SUCCESS"); // newest first
    expect(col(second, "user_agent")).toBe("'@attacker\tua");
    expect(col(second, "actor_email")).toBe("");
    expect(col(second, "target_id")).toBe("");

    expect(col(first, "user_agent")).toBe("'=cmd|' /C calc'!A0");
    expect(col(first, "target_id")).toBe("'+SUM(1,2)");
    expect(col(first, "request_id")).toBe("'-req");
    expect(col(first, "actor_email")).toBe(customer.email);
    expect(col(first, "ip")).toBe("203.0.113.5");
    expect(JSON.parse(col(first, "metadata")!)).toEqual({ note: 'He said "hi", then\r\nleft', formula: "=1+1" });
    expect(res.text).toContain('""He said \\""hi\\"", then\\r\\nleft""');
    // No cell anywhere starts with a formula character.
    for (const row of parseCsv(res.text)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("takes the same filters, refuses bad ones by name, and records the export", async () => {
    const res = await get(exportCsv, `/api/audit/export/?action=T_EXPORT&result=FAILURE&actor=${customer.id}`);
    expect(parseCsv(res.text)).toHaveLength(2);
    const bad = await get(exportCsv, "/api/audit/export/?result=NOPE&page=2");
    expectProblem(bad, 400);
    expect(Object.keys(bad.body.errors as object).sort()).toEqual(["page", "result"]);

    const recorded = await listOf("action=AUDIT_EXPORTED&page_size=1");
    expect(recorded.body.results[0]).toMatchObject({
      actor_user_id: admin.id,
      result: "SUCCESS",
      metadata: { filters: { action: "T_EXPORT", result: "FAILURE", actor: customer.id, ordering: "-occurred_at" }, rows: 1, truncated: false },
    });
    // The export's own record (with a date filter in it) keeps the chain intact.
    await get(exportCsv, "/api/audit/export/?since=2020-01-01T00:00");
    expect((await runVerify()).body.ok).toBe(true);
  });

  it("reads in batches up to the row cap, in order, without repeating a row", async () => {
    const all = await db().select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, "T_CONCURRENT"));
    const readIds = async (qs: string, maxRows: number, batchSize: number) => {
      const out = await openAuditExport(auditExportQuery.parse(Object.fromEntries(new URLSearchParams(qs))), { userId: admin.id, meta: meta(null) }, { maxRows, batchSize });
      const rows = parseCsv(await new Response(out.body).text()).slice(1);
      return { ...out, ids: rows.map((r) => Number(r[0])) };
    };
    const capped = await readIds("action=T_CONCURRENT", 7, 3);
    expect(capped.rows).toBe(7);
    expect(capped.truncated).toBe(true);
    expect(capped.ids).toHaveLength(7);
    expect(capped.ids).toEqual([...capped.ids].sort((a, b) => b - a));

    const whole = await readIds("action=T_CONCURRENT&ordering=occurred_at", 1000, 4);
    expect(whole.truncated).toBe(false);
    expect(whole.ids).toEqual(all.map((r) => r.id).sort((a, b) => a - b));
  });
});
