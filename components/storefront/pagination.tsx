import Link from "next/link";

/**
 * Page links that keep every other query parameter, so a filtered list stays shareable. `param` names the page
 * parameter (a second list on a page has its own) and `fragment` brings the reader back to that list.
 */
export function Pagination({
  basePath,
  params,
  page,
  pageCount,
  param = "page",
  fragment,
  label = "Pagination",
}: {
  basePath: string;
  params: Record<string, string>;
  page: number;
  pageCount: number;
  param?: string;
  fragment?: string;
  label?: string;
}) {
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const q = new URLSearchParams(params);
    if (p === 1) q.delete(param);
    else q.set(param, String(p));
    const s = q.toString();
    return `${s ? `${basePath}?${s}` : basePath}${fragment ? `#${fragment}` : ""}`;
  };
  return (
    <nav aria-label={label} className="mt-8 flex items-center justify-between text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev" className="rounded border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={href(page + 1)} rel="next" className="rounded border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
