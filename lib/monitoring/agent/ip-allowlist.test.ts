import { describe, expect, it } from "vitest";
import { isAllowListed } from "./ip-allowlist";

describe("isAllowListed", () => {
  it("always allow-lists loopback, IPv4 and IPv6", () => {
    expect(isAllowListed("127.0.0.1", [])).toBe(true);
    expect(isAllowListed("127.8.9.10", [])).toBe(true);
    expect(isAllowListed("::1", [])).toBe(true);
    expect(isAllowListed("::ffff:127.0.0.1", [])).toBe(true);
    expect(isAllowListed("203.0.113.7", [])).toBe(false);
  });

  it("matches single addresses and CIDR ranges", () => {
    const list = ["203.0.113.7", "198.51.100.0/24", "2001:db8::/32"];
    expect(isAllowListed("203.0.113.7", list)).toBe(true);
    expect(isAllowListed("203.0.113.8", list)).toBe(false);
    expect(isAllowListed("198.51.100.200", list)).toBe(true);
    expect(isAllowListed("198.51.101.1", list)).toBe(false);
    expect(isAllowListed("2001:db8:1::5", list)).toBe(true);
    expect(isAllowListed("2001:db9::5", list)).toBe(false);
  });

  it("ignores bad entries and bad addresses", () => {
    expect(isAllowListed("203.0.113.7", ["nonsense", "203.0.113.0/99", "/8"])).toBe(false);
    expect(isAllowListed("not-an-ip", ["0.0.0.0/0"])).toBe(false);
    expect(isAllowListed("10.1.2.3", ["0.0.0.0/0"])).toBe(true);
  });
});
