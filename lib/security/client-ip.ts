/**
 * The client's IP address, one rule for the limiter, the audit log and monitoring. Edge-safe.
 *
 * The app's own server (scripts/server.ts) appends the TCP peer to X-Forwarded-For, exactly as a reverse proxy
 * does, so the rightmost entry is always the peer. With TRUSTED_PROXY_HOPS=N the client is the entry N places left
 * of it: what the outermost of the N trusted proxies saw. Entries further left are client-controlled and never
 * used. A value that is not an IP address gives null.
 */
export function clientIpFromForwardedFor(forwardedFor: string | null, trustedHops: number): string | null {
  if (!forwardedFor) return null;
  const entries = forwardedFor.split(",").map((e) => e.trim()).filter(Boolean);
  if (!entries.length) return null;
  const index = Math.max(0, entries.length - 1 - trustedHops);
  return normalizeIp(entries[index]!);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Canonical form of an IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4), or null. */
export function normalizeIp(value: string): string | null {
  let v = value.trim();
  if (v.startsWith("[") && v.includes("]")) v = v.slice(1, v.indexOf("]"));
  if (IPV4.test(v)) return v;
  if (!v.includes(":") || !/^[0-9a-fA-F:.]+$/.test(v) || v.length > 45) return null;
  let host: string;
  try {
    host = new URL(`http://[${v}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const hi = parseInt(mapped[1]!, 16);
    const lo = parseInt(mapped[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return host;
}
