import Link from "next/link";

/** What a mailed link that is malformed, used or expired shows instead of its form. */
export function InvalidLink({ retryHref, retryLabel }: { retryHref: string; retryLabel: string }) {
  return (
    <div role="alert" className="mt-4 rounded border border-rose-200 bg-rose-50 p-4 text-sm text-rose-900">
      <p>This link is invalid or has expired. Links work once, for a limited time.</p>
      <Link href={retryHref} className="mt-2 inline-block text-brand-700 underline">
        {retryLabel}
      </Link>
    </div>
  );
}
