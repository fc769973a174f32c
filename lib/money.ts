/**
 * Money is exact: integer cents in code, numeric(12,2) in the database, "12.50" strings in JSON. Never floats.
 */
export const MONEY_PATTERN = /^\d{1,10}(\.\d{1,2})?$/;
export const MAX_CENTS = 999_999_999_999; // numeric(12,2)

export function toCents(value: string): number {
  const text = value.trim();
  if (!MONEY_PATTERN.test(text)) throw new RangeError(`Not a money amount: ${value}`);
  const [whole, frac = ""] = text.split(".");
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  if (!Number.isSafeInteger(cents) || cents > MAX_CENTS) throw new RangeError(`Amount out of range: ${value}`);
  return cents;
}

export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Normalises a numeric column value ("12.5" or "12.50") to the API's two-decimal string. */
export function moneyString(value: string): string {
  return formatCents(toCents(value));
}
