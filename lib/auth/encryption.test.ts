import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "./encryption";

describe("AES-256-GCM at rest", () => {
  it("round-trips, with a fresh IV each time and the iv | ciphertext | tag layout", () => {
    const a = encrypt("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "totp:1");
    const b = encrypt("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "totp:1");
    expect(a.length).toBe(12 + 32 + 16);
    expect(a.equals(b)).toBe(false);
    expect(a.toString("latin1")).not.toContain("JBSWY3DP");
    expect(decrypt(a, "totp:1")).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(decrypt(new Uint8Array(b), "totp:1")).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  });

  it("refuses a tampered value, another context, another key and a truncated value", () => {
    const sealed = encrypt("secret", "totp:7");
    const flipped = Buffer.from(sealed);
    flipped[14] = flipped[14]! ^ 1;
    expect(() => decrypt(flipped, "totp:7")).toThrow();
    expect(() => decrypt(sealed, "totp:8")).toThrow();
    expect(() => decrypt(sealed, "totp:7", randomBytes(32))).toThrow();
    expect(() => decrypt(sealed.subarray(0, 20), "totp:7")).toThrow();
  });
});
