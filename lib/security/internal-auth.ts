import { env } from "@/lib/env";
import { deriveKey } from "@/lib/auth/keys";

/**
 * The middleware talks to the app's own Node handlers (IP block list, limiter events) over loopback; those calls carry
 * an HMAC over a timestamp and the path with a key derived from AUTH_SECRET, valid for 60 seconds. Edge-safe.
 */
async function hmac(message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", (await deriveKey("internal-calls")) as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)));
  return Array.from(sig, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function internalAuthHeader(path: string, now = Date.now()): Promise<string> {
  const ts = Math.floor(now / 1000);
  return `${ts}.${await hmac(`${ts}:${path}`)}`;
}

export async function verifyInternalAuth(header: string | null, path: string, now = Date.now()): Promise<boolean> {
  if (!header) return false;
  const [tsText, sig] = header.split(".");
  const ts = Number(tsText);
  if (!Number.isInteger(ts) || !sig || Math.abs(now / 1000 - ts) > 60) return false;
  const expected = await hmac(`${ts}:${path}`);
  if (expected.length !== sig.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ sig.charCodeAt(i);
  return diff === 0;
}

/** Where the middleware reaches this instance's own Node handlers. */
export function internalBaseUrl(): string {
  return env().INTERNAL_URL ?? `http://127.0.0.1:${env().PORT}`;
}
