import { constants, inflateSync } from "node:zlib";
import { latin1 } from "./active-content";

/**
 * PDF features that run code or carry other files: JavaScript actions, launch actions, embedded files. PDF names may
 * spell characters as #xx (/J#61vaScript), and dictionaries may sit compressed in object streams, so names are decoded
 * and Flate object streams are inflated (with a budget, so a compression bomb cannot exhaust memory) before searching.
 */
const ACTIVE_NAME = /\/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia)(?=[\s()<>[\]{}/%]|$)/;
const OBJECT_STREAM = /\/Type\s*\/ObjStm(?![A-Za-z0-9])/;
const STREAM_START = /(?<!end)stream(?:\r\n|\n|\r)/g;
const INFLATE_BUDGET = 32 * 1024 * 1024;

const decodeNames = (text: string) => text.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

function activeName(text: string): string | null {
  const match = ACTIVE_NAME.exec(decodeNames(text));
  return match ? `/${match[1]}` : null;
}

/** What makes the PDF unacceptable, or null. */
export function findPdfActiveContent(bytes: Uint8Array): string | null {
  const text = latin1(bytes);
  const direct = activeName(text);
  if (direct) return direct;

  let budget = INFLATE_BUDGET;
  for (const match of text.matchAll(STREAM_START)) {
    const start = match.index + match[0].length;
    const head = text.slice(Math.max(0, match.index - 2048), match.index);
    const dictionary = decodeNames(head.slice(Math.max(0, head.lastIndexOf("obj"))));
    if (!OBJECT_STREAM.test(dictionary) || !dictionary.includes("/FlateDecode")) continue;
    const end = text.indexOf("endstream", start);
    const data = bytes.subarray(start, end < 0 ? bytes.byteLength : end);
    let inflated: Buffer;
    try {
      inflated = inflateSync(data, { maxOutputLength: Math.max(budget, 1), finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      return error instanceof RangeError ? "object streams too large to inspect" : "an object stream that cannot be read";
    }
    budget -= inflated.byteLength;
    const hidden = activeName(latin1(inflated));
    if (hidden) return hidden;
  }
  return null;
}
