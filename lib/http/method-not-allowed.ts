import { ApiError } from "./problem";
import { withApi } from "./with-api";

/** A problem+json 405 naming the methods the resource does support (Next's default 405 has no body). */
export function methodNotAllowed(allowed: string[], detail?: string) {
  return withApi({ auth: "public", doc: { summary: detail ?? `Not allowed: use ${allowed.join(", ")}`, tags: ["not allowed"], responses: {}, errors: [405] } }, () => {
    throw new ApiError("method_not_allowed", detail ?? `Method not allowed. Use ${allowed.join(", ")}.`, { headers: { allow: allowed.join(", ") } });
  });
}
