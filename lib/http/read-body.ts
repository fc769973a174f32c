import { ApiError } from "./problem";

export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Reads a request body, refusing it as soon as it passes `max` bytes (never buffers an unbounded body). */
export async function readBodyCapped(req: Request, max: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared && Number(declared) > max) throw tooLarge(max);
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function tooLarge(max: number): ApiError {
  return new ApiError("payload_too_large", `The request body is larger than ${max} bytes.`);
}

/** Parses a JSON body: only `application/json`, at most MAX_JSON_BODY_BYTES; an empty body reads as `{}`. */
export async function readJsonBody(req: Request): Promise<unknown> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const bytes = await readBodyCapped(req, MAX_JSON_BODY_BYTES);
  if (bytes.byteLength === 0) return {};
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw new ApiError("unsupported_media_type", "Send the request body as application/json.");
  }
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError("bad_request", "The request body is not valid JSON.");
  }
}
