import { env } from "@/lib/env";

/**
 * Keys derived from AUTH_SECRET with HKDF-SHA256, one per purpose, so a key used for one job can never verify
 * another. Web Crypto only: usable on the Edge runtime too.
 */
const cache = new Map<string, Promise<Uint8Array>>();

export function deriveKey(purpose: string): Promise<Uint8Array> {
  const secret = env().AUTH_SECRET;
  const id = `${purpose}\u0000${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, ["deriveBits"]);
      const bits = await crypto.subtle.deriveBits(
        { name: "HKDF", hash: "SHA-256", salt: new TextEncoder().encode("secure-shop"), info: new TextEncoder().encode(purpose) },
        base,
        256,
      );
      return new Uint8Array(bits);
    })();
    cache.set(id, key);
  }
  return key;
}
