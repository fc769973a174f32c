/**
 * Formatting shared by the dashboard's parts. Times are shown in UTC from the ISO strings the server sends: the
 * same text in the server's HTML and in the browser (no hydration mismatch, whatever the viewer's time zone).
 */
export function utcTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** A chart tick: the clock time for hour and day ranges, the day and hour for a week. */
export function tickLabel(iso: string, stepSeconds: number): string {
  return stepSeconds >= 3600 ? `${iso.slice(5, 10)} ${iso.slice(11, 13)}h` : iso.slice(11, 16);
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}

export function decimal(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return n.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

/** "block_ip" → "block ip" (every underscore; the original replaced only the first). */
export function words(code: string): string {
  return code.replaceAll("_", " ");
}

/** A value of an evidence or metadata record as one line of text (objects and lists as JSON). */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
