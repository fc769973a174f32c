import { generateSecret, generateSync, generateURI, verifySync } from "otplib";

/**
 * RFC 6238 TOTP through otplib (HMAC-SHA1, the algorithm every authenticator app supports). Pure functions: the
 * settings come from the caller (lib/env.ts in the app), so the e2e suite can generate codes with the same code.
 */

export type TotpSettings = { issuer: string; digits: 6 | 8; period: number; window: number };
type CodeSettings = Pick<TotpSettings, "digits" | "period">;

/** 160 random bits (RFC 4226's recommended length), base32: 32 characters, as the original's pyotp secrets. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The time step a moment falls in. */
export function totpStep(atMs: number, period: number): number {
  return Math.floor(atMs / 1000 / period);
}

/** The code for a moment (ms since the epoch). A string secret is base32; bytes are used as they are. */
export function totpCode(secret: string | Uint8Array, atMs: number, settings: CodeSettings): string {
  return generateSync({ secret, digits: settings.digits, period: settings.period, epoch: Math.floor(atMs / 1000) });
}

/**
 * The time step `code` belongs to if it is valid within ±window steps of `atMs` and later than `afterStep` (the
 * last step already used: a code is good once), else null. Never throws: malformed input is just "no match".
 */
export function matchTotpStep(
  secret: string,
  code: string,
  settings: TotpSettings,
  options: { afterStep?: number | null; atMs?: number } = {},
): number | null {
  if (!new RegExp(`^\\d{${settings.digits}}$`).test(code)) return null;
  try {
    const result = verifySync({
      secret,
      token: code,
      digits: settings.digits,
      period: settings.period,
      epoch: Math.floor((options.atMs ?? Date.now()) / 1000),
      // otplib counts the tolerance in seconds: one period either side covers exactly one step either side
      epochTolerance: settings.period * settings.window,
      ...(options.afterStep !== null && options.afterStep !== undefined ? { afterTimeStep: options.afterStep } : {}),
    });
    // the functional API's result type also covers HOTP, which has no time step
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

/** otpauth:// URI for authenticator apps; it states digits and period, so apps agree with the server's settings. */
export function provisioningUri(secret: string, accountName: string, settings: TotpSettings): string {
  return generateURI({ issuer: settings.issuer, label: accountName, secret, digits: settings.digits, period: settings.period });
}
