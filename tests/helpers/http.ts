import { expect } from "vitest";
import { assertConformsToSpec } from "./spec-conformance";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

export type CallResult<T = Record<string, unknown>> = { status: number; headers: Headers; body: T; text: string };

/** Calls a route handler the way Next.js does: a real Request, params as a promise. */
export async function call<T = Record<string, unknown>>(
  handler: Handler,
  options: {
    method?: string;
    path: string;
    params?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  },
): Promise<CallResult<T>> {
  const headers = new Headers(options.headers);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new Request(`http://localhost:3000${options.path}`, { method: options.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  // the OpenAPI document must describe what the route really answered (tests/helpers/spec-conformance.ts)
  assertConformsToSpec(handler, req.method, res.status, res.headers.get("content-type"), parsed, text);
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** Asserts the documented error shape: RFC 9457 problem details with a request id. */
export function expectProblem(res: CallResult, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.body.status).toBe(status);
  expect(typeof res.body.title).toBe("string");
  expect(String(res.body.type)).toMatch(/^\/problems\/[a-z-]+$/);
  expect(typeof res.body.detail).toBe("string");
  expect(String(res.body.request_id)).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get("x-request-id")).toBe(res.body.request_id);
}
