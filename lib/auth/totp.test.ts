import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { matchTotpStep, newTotpSecret, provisioningUri, totpCode, totpStep, type TotpSettings } from "./totp";

// RFC 6238 Appendix B, SHA-1 column: the 20-byte ASCII secret, 8 digits, 30-second steps
const RFC_SECRET = new TextEncoder().encode("12345678901234567890");
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

const settings: TotpSettings = { issuer: "Secure Shop", digits: 6, period: 30, window: 1 };
const T = 1_700_000_010_000; // 10 s into a step

describe("TOTP (RFC 6238)", () => {
  it.each(RFC_VECTORS)("at %i s the code is %s", (seconds, expected) => {
    expect(totpCode(RFC_SECRET, seconds * 1000, { digits: 8, period: 30 })).toBe(expected);
  });

  it("accepts the current step and one either side, nothing further", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const step = totpStep(T, 30);
    for (const offset of [-1, 0, 1]) {
      expect(matchTotpStep(secret, totpCode(secret, T + offset * 30_000, settings), settings, { atMs: T })).toBe(step + offset);
    }
    for (const offset of [-2, 2]) {
      expect(matchTotpStep(secret, totpCode(secret, T + offset * 30_000, settings), settings, { atMs: T })).toBeNull();
    }
    expect(matchTotpStep(secret, totpCode(secret, T - 30_000, settings), { ...settings, window: 0 }, { atMs: T })).toBeNull();
  });

  it("refuses a step that is not later than the last one used (replay)", () => {
    const secret = newTotpSecret();
    const step = totpStep(T, 30);
    const code = totpCode(secret, T, settings);
    expect(matchTotpStep(secret, code, settings, { atMs: T, afterStep: step - 1 })).toBe(step);
    expect(matchTotpStep(secret, code, settings, { atMs: T, afterStep: step })).toBeNull();
    expect(matchTotpStep(secret, totpCode(secret, T - 30_000, settings), settings, { atMs: T, afterStep: step })).toBeNull();
    expect(matchTotpStep(secret, totpCode(secret, T + 30_000, settings), settings, { atMs: T, afterStep: step })).toBe(step + 1);
  });

  it("treats malformed codes as a mismatch, never an exception", () => {
    const secret = newTotpSecret();
    for (const bad of ["", "12345", "1234567", "abcdef", " 123456", "12345678"]) expect(matchTotpStep(secret, bad, settings, { atMs: T })).toBeNull();
    expect(matchTotpStep("not base32!", "123456", settings, { atMs: T })).toBeNull();
  });

  it("honours 8 digits and a 60-second period in codes and in the provisioning URI", () => {
    const eight: TotpSettings = { issuer: "Secure Shop", digits: 8, period: 60, window: 1 };
    const secret = newTotpSecret();
    const code = totpCode(secret, T, eight);
    expect(code).toMatch(/^\d{8}$/);
    expect(matchTotpStep(secret, code, eight, { atMs: T + 59_000 })).toBe(totpStep(T, 60));
    const uri = new URL(provisioningUri(secret, "ana@example.com", eight));
    expect(uri.protocol).toBe("otpauth:");
    expect(decodeURIComponent(uri.href)).toMatch(/^otpauth:\/\/totp\/Secure Shop:ana@example\.com\?/);
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Secure Shop");
    expect(uri.searchParams.get("digits")).toBe("8");
    expect(uri.searchParams.get("period")).toBe("60");
  });
});

describe("TOTP settings", () => {
  const keys = { AUTH_SECRET: "q8Jz2mV0kR5xLw1nT7bY4cH9dF3gS6aE-uP_oI", ENCRYPTION_KEY: "6ttn977VyO3tpzbSBqOm2iIvHGbAQhPqlmq85Dq+zqQ=" };

  it("defaults to Secure Shop, 6 digits, 30 s, ±1 step", () => {
    expect(parseEnv(keys)).toMatchObject({ TOTP_ISSUER_NAME: "Secure Shop", TOTP_DIGITS: 6, TOTP_PERIOD: 30, TOTP_WINDOW: 1 });
    expect(parseEnv({ ...keys, TOTP_DIGITS: "8", TOTP_PERIOD: "60", TOTP_WINDOW: "0", TOTP_ISSUER_NAME: "Shop" })).toMatchObject({
      TOTP_ISSUER_NAME: "Shop",
      TOTP_DIGITS: 8,
      TOTP_PERIOD: 60,
      TOTP_WINDOW: 0,
    });
  });

  it.each([
    ["TOTP_DIGITS", "7"],
    ["TOTP_PERIOD", "5"],
    ["TOTP_WINDOW", "10"],
    ["TOTP_ISSUER_NAME", "Evil:Issuer"],
  ])("refuses %s=%s", (name, value) => {
    expect(() => parseEnv({ ...keys, [name]: value })).toThrow(name);
  });
});
