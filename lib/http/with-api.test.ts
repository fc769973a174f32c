import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { call, expectProblem } from "@/tests/helpers/http";
import { jsonResponse } from "./json";
import { ApiError } from "./problem";
import { MAX_JSON_BODY_BYTES } from "./read-body";
import { withApi } from "./with-api";

const TEST_DOC = { undocumented: "unit test" };

const body = z.strictObject({ name: z.string().min(1).max(20), quantity: z.number().int().min(1) });
const echo = withApi({ doc: TEST_DOC, auth: "public", body }, ({ body }) => jsonResponse(body, { status: 201 }));

describe("withApi", () => {
  it("parses a valid body and answers JSON with a request id", async () => {
    const res = await call(echo, { method: "POST", path: "/api/x/", body: { name: "a", quantity: 2 } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ name: "a", quantity: 2 });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects unknown body fields by name (no mass assignment)", async () => {
    const res = await call(echo, { method: "POST", path: "/api/x/", body: { name: "a", quantity: 2, is_admin: true } });
    expectProblem(res, 400);
    expect(res.body.errors).toEqual({ is_admin: ["Unknown field."] });
  });

  it("names each invalid field", async () => {
    const res = await call(echo, { method: "POST", path: "/api/x/", body: { name: "", quantity: "2" } });
    expectProblem(res, 400);
    expect(Object.keys(res.body.errors as object).sort()).toEqual(["name", "quantity"]);
  });

  it("refuses malformed JSON, other media types and oversized bodies", async () => {
    expectProblem(await call(echo, { method: "POST", path: "/api/x/", rawBody: "{nope", headers: { "content-type": "application/json" } }), 400);
    expectProblem(await call(echo, { method: "POST", path: "/api/x/", rawBody: "name=a", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415);
    const huge = JSON.stringify({ name: "x".repeat(MAX_JSON_BODY_BYTES) });
    expectProblem(await call(echo, { method: "POST", path: "/api/x/", rawBody: huge, headers: { "content-type": "application/json" } }), 413);
  });

  it("validates the query: unknown parameters and bad values are named", async () => {
    const route = withApi({ doc: TEST_DOC, auth: "public", query: z.strictObject({ page: z.coerce.number<string>().int().min(1) }) }, ({ query }) => jsonResponse(query));
    expect((await call(route, { path: "/api/x/?page=2" })).body).toEqual({ page: 2 });
    const res = await call(route, { path: "/api/x/?page=0&sneaky=1" });
    expectProblem(res, 400);
    expect(Object.keys(res.body.errors as object).sort()).toEqual(["page", "sneaky"]);
  });

  it("fails closed: a route that needs a principal answers 401 when nobody is signed in", async () => {
    const handler = vi.fn(() => jsonResponse({ secret: true }));
    const res = await call(withApi({ doc: TEST_DOC }, handler), { path: "/api/x/" });
    expectProblem(res, 401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const res2 = await call(withApi({ doc: TEST_DOC, permission: "users:manage" }, handler), { path: "/api/x/" });
    expectProblem(res2, 401);
    expect(handler).not.toHaveBeenCalled();
  });

  it("turns ApiError into its status and unknown errors into a 500 that leaks nothing", async () => {
    const conflict = withApi({ doc: TEST_DOC, auth: "public" }, () => {
      throw new ApiError("conflict", "Already there.", { extensions: { available: 3 } });
    });
    const res = await call(conflict, { path: "/api/x/" });
    expectProblem(res, 409);
    expect(res.body.available).toBe(3);

    const boom = withApi({ doc: TEST_DOC, auth: "public" }, () => {
      throw new Error('relation "users" does not exist at /work/main/lib/secret.ts:12');
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const res500 = await call(boom, { path: "/api/x/" });
    expectProblem(res500, 500);
    expect(res500.text).not.toMatch(/relation|users|secret\.ts|stack|at \//);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(String(res500.body.request_id)));
    logged.mockRestore();
  });
});
