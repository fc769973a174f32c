"use client";

import { useId, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/http/server-action";
import { uploadImage } from "@/components/files/upload-image";

/** The attached file and its review state (quarantined, released or rejected). */
export type CurrentImage = { id: number; status: string } | null;

type Message = { ok: boolean; text: string } | null;

/** The page's server action that attaches (or, with null, removes) the product's image. */
export type SetImageAction = (input: { product_id: number; image_file: number | null }) => Promise<ActionResult>;

const STATE_TEXT: Record<string, string> = {
  released: "Shown on the storefront.",
  quarantined: "Awaiting review: it appears on the storefront once an administrator has released it.",
  rejected: "Rejected by moderation: it is not shown. Upload another image.",
};

/**
 * The product's image: the current one in a fixed box (no layout shift), its review state as text, an uploader and
 * a remove button. Uploading is two steps: the bytes go to POST /api/files/ (which checks them and quarantines
 * them), then a server action attaches the new file to the product; both refusals are shown as the server said.
 */
export function ProductImage({ productId, productName, image, setImage }: { productId: number; productName: string; image: CurrentImage; setImage: SetImageAction }) {
  const [message, setMessage] = useState<Message>(null);
  const [busy, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const status = image?.status ?? null;

  const attach = async (fileId: number | null) => {
    const result = await setImage({ product_id: productId, image_file: fileId });
    const text = result.ok ? result.detail : (result.errors?.image_file?.[0] ?? result.detail);
    setMessage({ ok: result.ok, text });
    return result.ok;
  };

  const onUpload = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setMessage({ ok: false, text: "Choose an image file first." });
      input.current?.focus();
      return;
    }
    setMessage(null);
    startTransition(async () => {
      const uploaded = await uploadImage(file, "product_image");
      if (!uploaded.ok) {
        setMessage({ ok: false, text: uploaded.message });
        return;
      }
      if ((await attach(uploaded.id)) && input.current) input.current.value = "";
    });
  };

  const onRemove = () => {
    setMessage(null);
    startTransition(async () => {
      await attach(null);
    });
  };

  return (
    <section aria-labelledby="image-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="image-heading" className="font-semibold">
        Image
      </h2>
      <p className="mb-3 text-sm text-slate-600">New images are reviewed before they appear on the storefront.</p>
      <div className="flex flex-wrap items-start gap-4">
        <figure className="flex flex-col gap-1">
          <div className="flex size-40 items-center justify-center overflow-hidden rounded border border-slate-200 bg-slate-50">
            {image && status !== "rejected" ? (
              // the owner may fetch their own file while it is quarantined; a plain img (same origin) needs no optimiser
              // eslint-disable-next-line @next/next/no-img-element -- the owner's own, possibly quarantined file: only their session may fetch it, and the optimiser fetches without cookies
              <img src={`/api/files/${image.id}/download/`} alt={`Current image of ${productName}`} width={160} height={160} className="size-40 object-contain" />
            ) : (
              <span className="px-2 text-center text-xs text-slate-500">{status === "rejected" ? "Image rejected" : "No image"}</span>
            )}
          </div>
          <figcaption data-testid="image-state" className="max-w-40 text-xs text-slate-700">
            {status ? (STATE_TEXT[status] ?? status) : "No image yet."}
          </figcaption>
        </figure>
        <div className="flex min-w-64 flex-1 flex-col gap-2">
          <form onSubmit={onUpload} aria-label="Upload a product image" className="flex flex-col gap-2">
            <label className="flex flex-col text-sm">
              New image
              <input
                ref={input}
                type="file"
                name="file"
                accept="image/png,image/jpeg,image/webp"
                aria-describedby={hintId}
                className="mt-1 text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
              />
            </label>
            <p id={hintId} className="text-xs text-slate-500">
              PNG, JPEG or WebP, at most 5 MiB and 4096×4096 pixels.
            </p>
            <div className="flex gap-2">
              <button type="submit" disabled={busy} aria-disabled={busy} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70">
                Upload image
              </button>
              {image ? (
                <button type="button" onClick={onRemove} disabled={busy} aria-disabled={busy} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:cursor-wait disabled:opacity-70">
                  Remove image
                </button>
              ) : null}
            </div>
          </form>
          <div role="status" aria-live="polite" className="min-h-11">
            {message ? (
              <p className={`rounded border px-3 py-2 text-sm ${message.ok ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-rose-200 bg-rose-50 text-rose-900"}`}>{message.text}</p>
            ) : null}
          </div>
        </div>
      </div>
    </section>
  );
}
