import { describe, expect, it } from "vitest";
import { GET as live } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { openDatabase, setDbHandle } from "@/db/client";
import { call, expectProblem } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();

describe("health", () => {
  it("liveness answers while the process is up", async () => {
    const res = await call(live, { path: "/api/health/" });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
  });

  it("readiness answers 200 when the database answers", async () => {
    const res = await call(ready, { path: "/api/health/ready/" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ready", checks: { database: "ok" } });
  });

  it("readiness answers 503 problem+json when the database is unreachable", async () => {
    // A PostgreSQL URL on a port where nothing listens: a real connection failure, not a mock.
    const down = openDatabase({ url: "postgres://127.0.0.1:1/nothing", poolMax: 1 });
    setDbHandle(down);
    try {
      const res = await call(ready, { path: "/api/health/ready/" });
      expectProblem(res, 503);
      expect(res.body.checks).toEqual({ database: "down" });
      expect(res.headers.get("retry-after")).toBe("5");
      expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    } finally {
      setDbHandle(t.handle);
      await down.close();
    }
  });
});
