"use client";

import { useId, useState, type MouseEvent } from "react";

const FILE_NAME = "secure-shop-recovery-codes.txt";

/**
 * Recovery codes, shown once (the server keeps only their hashes): copy to the clipboard or download as a text file.
 * The download is a Blob URL made at click time, so no object URL outlives its use.
 */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const headingId = useId();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const text = `Secure Shop recovery codes (each works once)\n\n${codes.join("\n")}\n`;

  function copyCodes() {
    navigator.clipboard.writeText(text).then(
      () => setCopy("copied"),
      () => setCopy("failed"),
    );
  }

  function download(event: MouseEvent<HTMLAnchorElement>) {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    // the link is followed after this handler returns, with the href it has then
    event.currentTarget.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-amber-300 bg-amber-50 p-3">
      <h3 id={headingId} className="font-semibold">
        Your recovery codes
      </h3>
      <p className="mt-1 text-sm text-slate-700">
        Each code signs you in once if you lose your phone. They are shown only now: copy or download them and keep them somewhere safe.
      </p>
      <ol aria-label="Recovery codes" className="mt-2 grid max-w-sm grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="mt-3 flex flex-wrap gap-2 text-sm">
        <button type="button" onClick={copyCodes} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          Copy
        </button>
        <a href="#" download={FILE_NAME} onClick={download} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          Download
        </a>
        <button type="button" onClick={onDone} className="rounded-md bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">
          I have saved them
        </button>
      </div>
      <p role="status" aria-live="polite" className="min-h-5 text-sm">
        {copy === "copied" ? "Copied to the clipboard." : copy === "failed" ? "Copying failed: select the codes and copy them by hand." : ""}
      </p>
    </section>
  );
}
