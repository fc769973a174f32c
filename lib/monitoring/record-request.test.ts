import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { call } from "@/tests/helpers/http";
import { requestMetrics } from "./request-metrics";

const ok = withApi({ auth: "public", doc: { undocumented: "unit test" } }, () => new Response(null, { status: 204 }));
const notFound = withApi({ auth: "public", doc: { undocumented: "unit test" } }, () => {
  throw new ApiError("not_found", "No such thing.");
});
const crash = withApi({ auth: "public", doc: { undocumented: "unit test" } }, () => {
  throw new Error("boom");
});

function cellsFor(route: string) {
  return requestMetrics()
    .snapshot()
    .filter((c) => c.route === route);
}

describe("withApi records every answered request under its route pattern", () => {
  it("counts successes, ApiErrors and unexpected errors (only 5xx as errors)", async () => {
    await call(ok, { path: "/api/widgets/17/", params: { id: "17" } });
    await call(notFound, { path: "/api/widgets/18/", params: { id: "18" } });
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    await call(crash, { method: "POST", path: "/api/widgets/19", params: { id: "19" } });
    quiet.mockRestore();
    const cells = cellsFor("/api/widgets/[id]/");
    expect(cells.map((c) => [c.method, c.statusClass, c.count, c.errors]).sort()).toEqual([
      ["GET", "2xx", 1, 0],
      ["GET", "404", 1, 0],
      ["POST", "5xx", 1, 1],
    ]);
    for (const c of cells) expect(c.latencySumMs).toBeGreaterThanOrEqual(0);
  });

  it("folds a catch-all route into one key, whatever path was asked for", async () => {
    // call() takes string params only: the handler is called the way Next.js calls a catch-all route
    await notFound(new Request("http://localhost:3000/api/a/b/c/"), { params: Promise.resolve({ path: ["a", "b", "c"] }) });
    await notFound(new Request("http://localhost:3000/api/.env"), { params: Promise.resolve({ path: [".env"] }) });
    expect(cellsFor("/api/[...path]/")).toMatchObject([{ statusClass: "404", count: 2 }]);
  });

  it("without route params (a handler called directly), numeric ids are still folded", async () => {
    await call(ok, { path: "/api/things/123/" });
    expect(cellsFor("/api/things/[id]/")).toMatchObject([{ count: 1 }]);
  });
});
