import type { z } from "zod";
import { livenessSchema } from "@/lib/health";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";

const startedAt = Date.now();

// GET /api/health/ — liveness: the process is up and answering
export const GET = withApi(
  {
    auth: "public",
    doc: {
      summary: "Check that the instance is alive",
      description:
        "Liveness for load balancers and orchestrators: answers 200 while the process serves requests, without touching the database (use `/api/health/ready/` for that).",
      tags: ["health"],
      responses: { 200: livenessSchema },
    },
  },
  () => {
    const body: z.input<typeof livenessSchema> = { status: "ok", uptime_seconds: Math.round((Date.now() - startedAt) / 1000) };
    return jsonResponse(body);
  },
);
