import { env } from "@/lib/env";
import { clientIpFromForwardedFor } from "./client-ip";

export type RequestMeta = { ip: string | null; userAgent: string; requestId: string | null };

/** Who is on the other end of a request, by the one trusted-proxy rule. */
export function requestMeta(headers: Headers, requestId: string | null = null): RequestMeta {
  return {
    ip: clientIpFromForwardedFor(headers.get("x-forwarded-for"), env().TRUSTED_PROXY_HOPS),
    userAgent: (headers.get("user-agent") ?? "").slice(0, 500),
    requestId,
  };
}
