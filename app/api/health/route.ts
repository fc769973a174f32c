import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";

const startedAt = Date.now();

// GET /api/health/ — liveness: the process is up and answering
export const GET = withApi({ auth: "public" }, () =>
  jsonResponse({ status: "ok", uptime_seconds: Math.round((Date.now() - startedAt) / 1000) }),
);
