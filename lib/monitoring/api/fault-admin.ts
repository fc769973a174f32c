import "server-only";
import { z } from "zod";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { clearFaults, listFaults, setFault, type Fault, type FaultMode } from "@/lib/monitoring/faults";
import { attachOperation, isDocumented, isoTimestamp, operationOf } from "@/lib/openapi/doc";
import type { RequestMeta } from "@/lib/security/request-meta";

/** The fault-injection switch exists only with FAULT_INJECTION=1, and never in production whatever the flag says. */
export function faultInjectionEnabled(): boolean {
  const e = env();
  return e.FAULT_INJECTION && !e.isProduction;
}

const notFound = withApi({ auth: "public", doc: { undocumented: "the faults endpoints while fault injection is off: answers as an unknown path does" } }, () => {
  throw new ApiError("not_found", "No API endpoint at this path.");
});

type Route = (req: Request, ctx?: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

/**
 * Answers exactly as an unknown path does (404 before any authentication) while the switch is off. The wrapper
 * carries the route's OpenAPI operation, with that 404 added to its errors.
 */
export function whenFaultInjectionEnabled(route: Route): Route {
  const gated: Route = (req, ctx) => (faultInjectionEnabled() ? route(req, ctx) : notFound(req, ctx));
  const op = operationOf(route);
  if (!op) return gated;
  const doc = isDocumented(op.doc) ? { ...op.doc, errors: [...new Set([...(op.doc.errors ?? []), 404 as const])] } : op.doc;
  return attachOperation(gated, { ...op, doc });
}

/** A fault in force, as documented. */
export const faultSchema = z.object({
  route: z.string().describe("The route pattern it applies to, e.g. /api/products/[id]/"),
  mode: z.enum(["error", "slow"]),
  rate: z.number().min(0).max(1).describe("The share of requests it affects"),
  created_at: isoTimestamp,
  expires_at: isoTimestamp,
  created_by: z.number().int().nullable(),
});

export function serializeFault(f: Fault): z.input<typeof faultSchema> {
  return { route: f.route, mode: f.mode, rate: f.rate, created_at: f.createdAt.toISOString(), expires_at: f.expiresAt.toISOString(), created_by: f.createdBy };
}

export async function injectFaultByAdmin(
  principal: Principal,
  input: { route: string; mode: FaultMode; rate: number; duration_seconds: number },
  meta: RequestMeta,
) {
  const fault = setFault({ route: input.route, mode: input.mode, rate: input.rate, durationSeconds: input.duration_seconds, createdBy: principal.userId });
  await audit({ action: "FAULT_INJECT", targetType: "ROUTE", targetId: fault.route, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { mode: fault.mode, rate: fault.rate, duration_seconds: input.duration_seconds } });
  return serializeFault(fault);
}

export async function clearFaultsByAdmin(principal: Principal, route: string | undefined, meta: RequestMeta): Promise<number> {
  const cleared = clearFaults(route);
  await audit({ action: "FAULT_CLEAR", targetType: "ROUTE", targetId: route ?? "*", result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { cleared } });
  return cleared;
}

export const activeFaults = () => listFaults().map(serializeFault);
