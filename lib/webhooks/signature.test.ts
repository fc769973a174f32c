import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signatureHeader, verifyWebhookSignature } from "./signature";

const secret = "whsec_test-secret-for-unit-tests-only-000000000";
const body = '{"id":"e1","type":"ping","data":{}}';
const now = new Date("2030-01-01T00:00:00Z");
const t = Math.floor(now.getTime() / 1000);

describe("webhook signatures", () => {
  it("signs HMAC-SHA256(secret, '<t>.<raw body>') in hex, as documented", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signatureHeader(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("verifies a fresh signature and refuses a changed body, another secret or an old timestamp", () => {
    const header = signatureHeader(secret, body, t);
    expect(verifyWebhookSignature(secret, header, body, { now })).toEqual({ valid: true, timestamp: t });
    expect(verifyWebhookSignature(secret, header, body.replace("ping", "pong"), { now })).toEqual({
      valid: false,
      reason: "mismatch",
    });
    expect(verifyWebhookSignature(`${secret}x`, header, body, { now })).toEqual({
      valid: false,
      reason: "mismatch",
    });
    expect(verifyWebhookSignature(secret, header, body, { now: new Date(now.getTime() + 301_000) })).toEqual({
      valid: false,
      reason: "expired",
    });
    expect(
      verifyWebhookSignature(secret, header, body, {
        now: new Date(now.getTime() + 301_000),
        toleranceSeconds: 600,
      }).valid,
    ).toBe(true);
  });

  it("accepts any matching v1 among several and refuses malformed headers", () => {
    const good = signatureHeader(secret, body, t).split(",")[1];
    expect(verifyWebhookSignature(secret, `t=${t},v1=${"0".repeat(64)},${good}`, body, { now }).valid).toBe(
      true,
    );
    for (const bad of [null, "", "v1=abc", `t=${t}`, `t=x,${good}`, `t=${t},v1=zz`]) {
      expect(verifyWebhookSignature(secret, bad, body, { now })).toEqual({
        valid: false,
        reason: "malformed",
      });
    }
  });
});
