import Link from "next/link";
import { Badge } from "@/components/admin/users/badges";
import { formatDateTime } from "@/components/admin/users/format";
import type { SerializedFile } from "@/lib/files/serializers";

const STATUS_TONE = { quarantined: "amber", released: "green", rejected: "red" } as const;
const SCAN_TONE = { clean: "green", infected: "red", error: "red" } as const;

const button = "rounded-md px-2 py-1 text-xs font-medium disabled:opacity-60";

/** 1536 → "1.5 KB" (binary units, one decimal). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * One uploaded file. The name and description are the uploader's text, rendered as text. The download link always
 * asks for an attachment (`?download=true`): an administrator inspects a file without the browser rendering it.
 */
export function FileRow({ file: f, action, pending }: { file: SerializedFile; action: (formData: FormData) => void; pending: boolean }) {
  const status = f.status as keyof typeof STATUS_TONE;
  const scan = f.virus_scan_status as keyof typeof SCAN_TONE;
  const label = `file #${f.id} “${f.original_filename}”`;
  return (
    <tr className="border-b border-slate-100 align-top" data-file-id={f.id}>
      <td className="max-w-xs px-3 py-2">
        <span className="block font-medium break-all">{f.original_filename}</span>
        {f.description ? <span className="block break-words text-xs text-slate-600">{f.description}</span> : null}
        <span className="block text-xs text-slate-500">
          #{f.id} · <time dateTime={f.created_at}>{formatDateTime(f.created_at)}</time>
        </span>
        <a href={`${f.file_url}?download=true`} download className="text-xs text-brand-700 underline">
          Download<span className="sr-only"> {label}</span>
        </a>
      </td>
      <td className="px-3 py-2">
        <span className="block">{f.file_type.replace("_", " ")}</span>
        <span className="block font-mono text-xs text-slate-500">{f.mime_type}</span>
        {f.width !== null && f.height !== null ? (
          <span className="block text-xs text-slate-500">
            {f.width}×{f.height} px
          </span>
        ) : null}
      </td>
      <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">{formatBytes(f.file_size)}</td>
      <td className="px-3 py-2 whitespace-nowrap">
        {f.uploaded_by !== null ? (
          <Link href={`/admin/users/${f.uploaded_by}`} className="text-brand-700 underline">
            User #{f.uploaded_by}
          </Link>
        ) : (
          "—"
        )}
      </td>
      <td className="px-3 py-2">
        <span className="flex flex-col items-start gap-1">
          <Badge tone={STATUS_TONE[status] ?? "slate"}>{f.status}</Badge>
          <Badge tone={SCAN_TONE[scan] ?? "slate"} title="Virus scan">
            scan: {f.virus_scan_status}
          </Badge>
          {f.is_public ? <span className="text-xs text-slate-500">public</span> : <span className="text-xs text-slate-500">private</span>}
        </span>
      </td>
      <td className="px-3 py-2">
        <div className="flex min-w-44 flex-col gap-2">
          {f.status !== "released" && f.virus_scan_status !== "infected" ? (
            <form action={action}>
              <input type="hidden" name="file_id" value={f.id} />
              <button type="submit" name="decision" value="release" disabled={pending} className={`${button} bg-brand-600 text-white hover:bg-brand-700`}>
                Release<span className="sr-only"> {label}</span>
              </button>
            </form>
          ) : null}
          {f.status !== "rejected" ? (
            <details className="text-xs">
              <summary className="cursor-pointer rounded-md border border-slate-300 bg-white px-2 py-1 font-medium hover:bg-slate-100">
                Reject…<span className="sr-only"> {label}</span>
              </summary>
              <form action={action} className="mt-2 flex flex-col gap-1">
                <input type="hidden" name="file_id" value={f.id} />
                <label className="flex flex-col">
                  Reason
                  <textarea name="reason" required rows={2} maxLength={500} className="mt-1 rounded border border-slate-300 px-2 py-1" />
                </label>
                <button type="submit" name="decision" value="reject" disabled={pending} className={`${button} bg-rose-700 text-white hover:bg-rose-800`}>
                  Reject<span className="sr-only"> {label}</span>
                </button>
              </form>
            </details>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
