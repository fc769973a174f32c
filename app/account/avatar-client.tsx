"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { problemMessage, uploadImage } from "@/components/files/upload-image";

type Message = { ok: boolean; text: string } | null;

const STATE_TEXT: Record<string, string> = {
  quarantined: "Awaiting review.",
  released: "Reviewed and released.",
  rejected: "Rejected by moderation: upload another picture.",
};

/** PATCH /api/auth/me/ with the session cookie (same origin, so the CSRF check sees this shop's Origin). */
async function setAvatar(fileId: number | null): Promise<Message> {
  let res: Response;
  try {
    res = await fetch("/api/auth/me/", {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ avatar_file: fileId }),
    });
  } catch {
    return { ok: false, text: "The change did not reach the server. Check your connection and try again." };
  }
  if (!res.ok) return { ok: false, text: await problemMessage(res, "The avatar could not be changed.") };
  return { ok: true, text: fileId === null ? "Avatar removed." : "Avatar updated." };
}

/**
 * The account's avatar: the picture in a fixed round box (no layout shift), an uploader (the file goes to
 * POST /api/files/ as an `avatar`, which checks type, size and 64–512 px, then the profile points at it) and a
 * remove button. Refusals are shown inline in the server's words.
 */
export function AvatarEditor({ avatarUrl, status }: { avatarUrl: string | null; status: string | null }) {
  const router = useRouter();
  const [message, setMessage] = useState<Message>(null);
  const [busy, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  // a rejected file is no longer served, even to its owner
  const shown = avatarUrl !== null && status !== "rejected";

  const apply = async (fileId: number | null) => {
    const result = await setAvatar(fileId);
    setMessage(result);
    if (result?.ok) {
      if (input.current) input.current.value = "";
      router.refresh();
    }
  };

  const onUpload = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setMessage({ ok: false, text: "Choose a picture first." });
      input.current?.focus();
      return;
    }
    setMessage(null);
    startTransition(async () => {
      const uploaded = await uploadImage(file, "avatar");
      if (!uploaded.ok) setMessage({ ok: false, text: uploaded.message });
      else await apply(uploaded.id);
    });
  };

  return (
    <div className="mt-3 flex flex-wrap items-start gap-4">
      <div className="flex flex-col items-center gap-1">
        <div className="flex size-24 items-center justify-center overflow-hidden rounded-full border border-slate-200 bg-slate-50">
          {shown ? (
            // same-origin file download (the owner may fetch their own file while it awaits review)
            // eslint-disable-next-line @next/next/no-img-element -- the owner's own, possibly quarantined file: only their session may fetch it, and the optimiser fetches without cookies
            <img src={avatarUrl} alt="Your avatar" width={96} height={96} className="size-24 object-cover" />
          ) : (
            <span className="text-xs text-slate-500">No avatar</span>
          )}
        </div>
        <p data-testid="avatar-state" className="max-w-32 text-center text-xs text-slate-600">
          {avatarUrl ? (STATE_TEXT[status ?? ""] ?? "") : ""}
        </p>
      </div>
      <div className="flex min-w-64 flex-1 flex-col gap-2">
        <form onSubmit={onUpload} aria-label="Upload an avatar" className="flex flex-col gap-2">
          <label className="flex flex-col text-sm">
            New picture
            <input
              ref={input}
              type="file"
              name="file"
              accept="image/png,image/jpeg"
              aria-describedby={hintId}
              className="mt-1 text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
            />
          </label>
          <p id={hintId} className="text-xs text-slate-500">
            PNG or JPEG, 64 to 512 pixels on each side, at most 2 MiB.
          </p>
          <div className="flex gap-2">
            <button type="submit" disabled={busy} aria-disabled={busy} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70">
              Upload avatar
            </button>
            {avatarUrl ? (
              <button
                type="button"
                onClick={() => {
                  setMessage(null);
                  startTransition(() => apply(null));
                }}
                disabled={busy}
                aria-disabled={busy}
                className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:cursor-wait disabled:opacity-70"
              >
                Remove avatar
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
  );
}
