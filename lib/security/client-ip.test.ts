import { describe, expect, it } from "vitest";
import { clientIpFromForwardedFor, normalizeIp } from "./client-ip";

describe("client IP", () => {
  it("without trusted proxies, is the TCP peer the server appended (the rightmost entry)", () => {
    expect(clientIpFromForwardedFor("203.0.113.9", 0)).toBe("203.0.113.9");
    // a client-forged header stays on the left and is ignored
    expect(clientIpFromForwardedFor("1.2.3.4, 5.6.7.8, 203.0.113.9", 0)).toBe("203.0.113.9");
  });

  it("with N trusted proxies, is what the outermost proxy saw", () => {
    expect(clientIpFromForwardedFor("6.6.6.6, 198.51.100.7, 10.0.0.2", 1)).toBe("198.51.100.7");
    expect(clientIpFromForwardedFor("6.6.6.6, 198.51.100.7, 10.0.0.3, 10.0.0.2", 2)).toBe("198.51.100.7");
    // fewer entries than hops: every entry came from a trusted hop; the furthest is the best known
    expect(clientIpFromForwardedFor("198.51.100.7, 10.0.0.2", 3)).toBe("198.51.100.7");
  });

  it("ignores what is not an IP address", () => {
    expect(clientIpFromForwardedFor("<script>, not-an-ip", 0)).toBeNull();
    expect(clientIpFromForwardedFor("' OR 1=1 --", 0)).toBeNull();
    expect(clientIpFromForwardedFor("", 0)).toBeNull();
    expect(clientIpFromForwardedFor(null, 0)).toBeNull();
    expect(normalizeIp("999.1.1.1")).toBeNull();
    expect(normalizeIp("1.2.3")).toBeNull();
  });

  it("normalises IPv6 and IPv4-mapped addresses", () => {
    expect(normalizeIp("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeIp("[2001:DB8::1]")).toBe("2001:db8::1");
    expect(normalizeIp("::1")).toBe("::1");
    expect(normalizeIp("2001:db8:0:0:0:0:0:1")).toBe("2001:db8::1");
  });
});
