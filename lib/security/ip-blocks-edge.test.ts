import { afterEach, describe, expect, it } from "vitest";
import { withOverride } from "./ip-blocks-edge";

type Cache = { overrides: Map<string, number> };
const cache = () => (globalThis as typeof globalThis & { __shopIpBlocks?: Cache }).__shopIpBlocks!;

describe("temporary rate-limit overrides at the edge", () => {
  afterEach(() => {
    cache().overrides = new Map();
  });

  it("lowers a policy's limit while an approved override is known, never raises it", () => {
    const policy = { name: "api.anon", limit: 100, windowSeconds: 3600, key: "ip" as const };
    expect(withOverride(policy)).toBe(policy);
    cache().overrides = new Map([["api.anon", 50]]);
    expect(withOverride(policy)).toEqual({ ...policy, limit: 50 });
    cache().overrides = new Map([["api.anon", 500]]);
    expect(withOverride(policy)).toBe(policy);
    expect(withOverride({ ...policy, name: "api.user" })).toEqual({ ...policy, name: "api.user" });
  });
});
