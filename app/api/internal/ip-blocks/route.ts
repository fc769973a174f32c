import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { activePolicyOverrides } from "@/lib/ratelimit/overrides";
import { activeBlockedIps } from "@/lib/security/ip-blocks";
import { IP_BLOCKS_PATH } from "@/lib/security/internal-paths";
import { verifyInternalAuth } from "@/lib/security/internal-auth";

// GET /api/internal/ip-blocks/ — the active IP blocks and temporary rate-limit overrides, for this instance's edge middleware only (HMAC-signed call)
export const GET = withApi(
  {
    auth: "public",
    ignoreCredentials: true,
    doc: { undocumented: "internal: only this instance's edge middleware calls it (HMAC-signed); any other caller gets 404" },
  },
  async ({ req }) => {
    if (!(await verifyInternalAuth(req.headers.get("x-internal-auth"), IP_BLOCKS_PATH))) {
      throw new ApiError("not_found", "No API endpoint at this path.");
    }
    const [ips, policyOverrides] = await Promise.all([activeBlockedIps(), activePolicyOverrides()]);
    return jsonResponse({ ips, policy_overrides: policyOverrides });
  },
);
