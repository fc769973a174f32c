import { describe, expect, it } from "vitest";
import { auditExportQuery, auditListQuery, auditVerifyQuery } from "./schemas";

describe("auditListQuery", () => {
  it("defaults to the first page, newest first", () => {
    expect(auditListQuery.parse({})).toEqual({ page: 1, page_size: 20, ordering: "-occurred_at" });
  });

  it("reads times with an offset exactly and times without one as UTC", () => {
    const q = auditListQuery.parse({ since: "2026-01-31T12:00:00.250+02:00", until: "2026-01-31T12:00" });
    expect(q.since?.toISOString()).toBe("2026-01-31T10:00:00.250Z");
    expect(q.until?.toISOString()).toBe("2026-01-31T12:00:00.000Z");
  });

  it("normalises IP addresses and refuses anything else", () => {
    expect(auditListQuery.parse({ ip: "2001:DB8:0::1" }).ip).toBe("2001:db8::1");
    expect(auditListQuery.parse({ ip: "::ffff:192.0.2.1" }).ip).toBe("192.0.2.1");
    for (const ip of ["256.0.0.1", "example.com", "1.2.3.4/24", ""]) expect(auditListQuery.safeParse({ ip }).success).toBe(false);
  });

  it("refuses unknown parameters, bad values and a range that ends before it starts", () => {
    const bad = (input: Record<string, string>) => auditListQuery.safeParse(input).error?.issues.map((i) => (i.code === "unrecognized_keys" ? i.keys : i.path).join("."));
    expect(bad({ user: "1" })).toEqual(["user"]);
    expect(bad({ result: "OK" })).toEqual(["result"]);
    expect(bad({ actor: "1.5" })).toEqual(["actor"]);
    expect(bad({ action: "LOGIN FAILED" })).toEqual(["action"]);
    expect(bad({ since: "2026-02-01T00:00:00Z", until: "2026-01-01T00:00:00Z" })).toEqual(["until"]);
  });
});

describe("auditExportQuery and auditVerifyQuery", () => {
  it("the export takes the filters but no paging; verify takes nothing", () => {
    expect(auditExportQuery.parse({ result: "BLOCKED", actor: "7" })).toEqual({ result: "BLOCKED", actor: 7, ordering: "-occurred_at" });
    expect(auditExportQuery.safeParse({ page: "2" }).success).toBe(false);
    expect(auditVerifyQuery.safeParse({ fix: "1" }).success).toBe(false);
  });
});
