import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, keyMatchesHash, prefixOf } from "./format";
import { presentedApiKey } from "./presented";

describe("API key format", () => {
  it("generates unique keys whose public prefix finds them and whose hash alone is stored", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^shop_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.prefix).not.toBe(b.prefix);
    expect(prefixOf(a.key)).toBe(a.prefix);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(keyMatchesHash(a.key, a.hash)).toBe(true);
    expect(keyMatchesHash(b.key, a.hash)).toBe(false);
    expect(keyMatchesHash(a.key, "00")).toBe(false);
  });

  it("reads a key from X-API-Key or a bearer header with the key's shape, and flags malformed ones", () => {
    const { key } = generateApiKey();
    expect(presentedApiKey(new Headers({ "x-api-key": ` ${key} ` }))).toEqual({ key });
    expect(presentedApiKey(new Headers({ authorization: `Bearer ${key}` }))).toEqual({ key });
    expect(presentedApiKey(new Headers({ "x-api-key": "nope" }))).toEqual({ malformed: true });
    expect(presentedApiKey(new Headers({ authorization: "Bearer shop_short" }))).toEqual({ malformed: true });
    // a JWT access token is not a key: it is left to the token check
    expect(presentedApiKey(new Headers({ authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig" }))).toBeNull();
    expect(presentedApiKey(new Headers())).toBeNull();
  });
});
