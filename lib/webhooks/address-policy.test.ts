import { describe, expect, it } from "vitest";
import { classifyAddress, isAllowedAddress, unmapAddress } from "./address-policy";

describe("webhook address policy", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["100.100.100.200", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["192.0.0.8", "reserved"],
    ["192.0.2.10", "documentation"],
    ["2001:db8::1", "documentation"],
    ["64:ff9b::a00:5", "reserved"],
    ["2002:a00:1::1", "reserved"],
    ["::7f00:1", "reserved"],
    ["5f00::1", "reserved"],
    ["8.8.8.8", "public"],
    ["93.184.215.14", "public"],
    ["172.32.0.1", "public"],
    ["2606:4700:4700::1111", "public"],
  ])("%s is %s", (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  it("judges IPv4-mapped IPv6 addresses as their IPv4 address, whatever the spelling", () => {
    expect(unmapAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(unmapAddress("::ffff:7f00:1")).toBe("127.0.0.1");
    expect(unmapAddress("0:0:0:0:0:ffff:a9fe:a9fe")).toBe("169.254.169.254");
    expect(classifyAddress("::ffff:10.0.0.5")).toBe("private");
    expect(classifyAddress("::ffff:a9fe:a9fe")).toBe("metadata");
    expect(classifyAddress("::FFFF:8.8.8.8")).toBe("public");
  });

  it("is not an address: null", () => {
    expect(classifyAddress("localhost")).toBeNull();
    expect(classifyAddress("300.1.1.1")).toBeNull();
  });

  it("the development allowance opens loopback, private and shared ranges only", () => {
    for (const a of ["127.0.0.1", "::1", "10.0.0.5", "192.168.0.1", "fd00::1", "100.64.0.1"]) {
      expect(isAllowedAddress(a, false), a).toBe(false);
      expect(isAllowedAddress(a, true), a).toBe(true);
    }
    for (const a of [
      "169.254.169.254",
      "fd00:ec2::254",
      "100.100.100.200",
      "fe80::1",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "240.0.0.1",
      "::ffff:169.254.169.254",
    ]) {
      expect(isAllowedAddress(a, true), a).toBe(false);
    }
    expect(isAllowedAddress("8.8.8.8", false)).toBe(true);
  });
});
