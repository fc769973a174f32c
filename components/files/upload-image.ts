/**
 * Browser side of POST /api/files/ for the image uploaders (product images here, avatars on the account page): a
 * same-origin multipart request with the session cookie, and the API's problem+json turned into one sentence.
 * The server decides everything (type from the bytes, size, dimensions); the size check here only saves a
 * pointless upload.
 */

export type UploadCategory = "product_image" | "avatar";

export type UploadOutcome = { ok: true; id: number } | { ok: false; message: string };

const MiB = 1024 * 1024;
const MAX_BYTES: Record<UploadCategory, number> = { product_image: 5 * MiB, avatar: 2 * MiB };

type Problem = { detail?: unknown; errors?: Record<string, unknown> };

function firstText(value: unknown): string | null {
  if (typeof value === "string" && value.trim()) return value;
  if (Array.isArray(value)) for (const v of value) if (typeof v === "string" && v.trim()) return v;
  return null;
}

/** The message a refusal carries: the `file` field's first, else any field's, else `detail`, else `fallback`. */
export async function problemMessage(res: Response, fallback: string): Promise<string> {
  if (res.status === 401) return "Your session has ended. Sign in again.";
  if (res.status === 429) {
    const wait = Number(res.headers.get("retry-after"));
    return Number.isFinite(wait) && wait > 0 ? `Too many attempts. Try again in ${Math.ceil(wait)} seconds.` : "Too many attempts. Try again in a minute.";
  }
  let body: Problem | null = null;
  try {
    body = (await res.json()) as Problem;
  } catch {
    // not JSON (a proxy's page): the generic message
  }
  const errors = body?.errors ?? {};
  return firstText(errors.file) ?? Object.values(errors).map(firstText).find((m) => m !== null) ?? firstText(body?.detail) ?? fallback;
}

export async function uploadImage(file: File, category: UploadCategory): Promise<UploadOutcome> {
  if (file.size === 0) return { ok: false, message: "The chosen file is empty." };
  if (file.size > MAX_BYTES[category]) return { ok: false, message: `The file is too large: at most ${MAX_BYTES[category] / MiB} MiB.` };
  const body = new FormData();
  body.append("file_type", category);
  body.append("file", file, file.name);
  let res: Response;
  try {
    res = await fetch("/api/files/", { method: "POST", body, credentials: "same-origin", headers: { accept: "application/json" } });
  } catch {
    return { ok: false, message: "The upload did not reach the server. Check your connection and try again." };
  }
  if (!res.ok) return { ok: false, message: `Upload refused: ${await problemMessage(res, "the server did not accept this file.")}` };
  const created = (await res.json()) as { id?: unknown };
  return typeof created.id === "number" ? { ok: true, id: created.id } : { ok: false, message: "The server's answer could not be read. Reload the page." };
}
