import { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { activeFaults, clearFaultsByAdmin, faultSchema, injectFaultByAdmin, whenFaultInjectionEnabled } from "@/lib/monitoring/api/fault-admin";
import { faultBodySchema, faultClearQuery } from "@/lib/monitoring/api/schemas";
import { requestMeta } from "@/lib/security/request-meta";

// Every verb: 404 unless FAULT_INJECTION=1, and always 404 in production. Faults are per instance (in process).
const AVAILABILITY =
  "Only with `FAULT_INJECTION=1`, and never in production: otherwise every verb answers 404, before any authentication, as an unknown path does. Faults live in the instance's process: with several instances, each has its own.";

const faultList = z.object({ results: z.array(faultSchema).describe("Oldest first") });

// GET /api/monitoring/faults/ — the faults in force on this instance
export const GET = whenFaultInjectionEnabled(
  withApi(
    {
      permission: "monitoring:read",
      doc: { summary: "List the injected faults in force", description: AVAILABILITY, tags: ["monitoring"], responses: { 200: faultList } },
    },
    () => jsonResponse({ results: activeFaults() } satisfies z.input<typeof faultList>),
  ),
);

// POST /api/monitoring/faults/ — make a route fail ("error": 500) or slow ("slow": +1.5–3.5 s) for a share of requests, for a while
export const POST = whenFaultInjectionEnabled(
  withApi(
    {
      permission: "monitoring:act",
      body: faultBodySchema,
      doc: {
        summary: "Inject a fault into a route",
        description: `For drills: the route pattern answers 500 (\`error\`) or 1.5–3.5 s slower (\`slow\`) for a share (\`rate\`) of its requests, for \`duration_seconds\` (at most an hour). Replaces that route's fault, if any. Monitoring, health and internal endpoints cannot be faulted. Audited (\`FAULT_INJECT\`). ${AVAILABILITY}`,
        tags: ["monitoring"],
        responses: { 201: faultSchema },
      },
    },
    async ({ req, principal, body, requestId }) =>
      jsonResponse(await injectFaultByAdmin(principal, body, requestMeta(req.headers, requestId)), { status: 201 }),
  ),
);

const cleared = faultList.extend({ cleared: z.number().int().min(0).describe("How many faults were cleared") });

// DELETE /api/monitoring/faults/ — clear every fault, or ?route= one
export const DELETE = whenFaultInjectionEnabled(
  withApi(
    {
      permission: "monitoring:act",
      query: faultClearQuery,
      doc: {
        summary: "Clear injected faults",
        description: `Every fault, or the one of \`route\`. Answers what was cleared and the faults still in force. Audited (\`FAULT_CLEAR\`). ${AVAILABILITY}`,
        tags: ["monitoring"],
        responses: { 200: cleared },
      },
    },
    async ({ req, principal, query, requestId }) => {
      const body: z.input<typeof cleared> = { cleared: await clearFaultsByAdmin(principal, query.route, requestMeta(req.headers, requestId)), results: activeFaults() };
      return jsonResponse(body);
    },
  ),
);
