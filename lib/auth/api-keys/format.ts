import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { KEY_PATTERN } from "./presented";

/**
 * An API key is `shop_<12 base32 chars>_<43 base64url chars>`: the first part (`shop_…`, the prefix) is public and
 * finds the row; the whole key is 60 random bits + 256 random bits. Only SHA-256(key) is stored: with this much
 * entropy a slow password hash adds nothing, and a fast one keeps every API request cheap.
 */
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const id = Array.from(randomBytes(12), (b) => BASE32[b & 31]).join("");
  const prefix = `shop_${id}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function prefixOf(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function keyMatchesHash(key: string, storedHex: string): boolean {
  const a = Buffer.from(hashApiKey(key), "hex");
  const b = Buffer.from(storedHex, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
