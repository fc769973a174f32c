import { expect } from "vitest";
import { call, type CallResult } from "./http";

/**
 * `call`, asserting that the response carries no password hash. A probe that sends the field name itself (to prove
 * it is refused) gets the name echoed in `errors`, which is fine; a hash value never is.
 */
export async function callWithoutSecrets<T = Record<string, unknown>>(
  handler: Parameters<typeof call>[0],
  options: Parameters<typeof call>[1],
): Promise<CallResult<T>> {
  const res = await call<T>(handler, options);
  expect(res.text).not.toMatch(/\$argon2/);
  if (!/password_hash|passwordHash/.test(JSON.stringify(options))) expect(res.text).not.toMatch(/password_hash|passwordHash/);
  return res;
}
