import { and, ilike, or, type AnyColumn, type SQL } from "drizzle-orm";

/** Backslash is PostgreSQL's default LIKE escape: a searched "%" or "_" matches itself, not everything. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** DRF SearchFilter semantics: every whitespace- or comma-separated term (10 at most) must appear in one of the columns. */
export function searchCondition(search: string | undefined, columns: AnyColumn[]): SQL | undefined {
  const terms = (search ?? "").split(/[\s,]+/).filter(Boolean).slice(0, 10);
  if (!terms.length) return undefined;
  return and(
    ...terms.map((t) => {
      const pattern = `%${escapeLike(t)}%`;
      return or(...columns.map((c) => ilike(c, pattern)));
    }),
  );
}
