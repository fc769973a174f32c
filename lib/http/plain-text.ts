import { z } from "zod";
/**
 * Review text is plain text, shown escaped by React everywhere. Refusing markup at the door as well means no other
 * consumer of the API (an e-mail, a CSV export, a third-party client) can be tricked into rendering it.
 */

/** `<` followed by a letter, `/`, `!` or `?`: the start of a tag, a closing tag, a comment/doctype or a PI. */
const HTML_LIKE = /<[A-Za-z/!?]/;

// C0 controls except tab and newline, DEL, C1 controls; and the bidi overrides/isolates that can disguise text
// ("Trojan Source"). Built from escapes so this file holds no invisible characters.
const STRIPPED = new RegExp("[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]", "g");

/** Normalises line endings to \n, then removes control characters other than newline and tab. */
export function stripControlCharacters(value: string): string {
  return value.replace(/\r\n?/g, "\n").replace(STRIPPED, "");
}

/** True when the text looks like it holds HTML or XML markup. */
export function looksLikeHtml(value: string): boolean {
  return HTML_LIKE.test(value);
}

/** A one-line text (a title): every run of whitespace that holds a newline or tab becomes one space. */
export function singleLine(value: string): string {
  return value.replace(/[ \t]*[\n\t][\s]*/g, " ");
}

/**
 * A zod schema for plain text: control characters stripped (newlines and tabs kept unless `oneLine`), trimmed, length
 * checked after cleaning, and anything that looks like markup refused with a message naming the field. Rendering is
 * text-only everywhere as well; refusing markup at the door keeps other consumers (mail, exports) safe too.
 */
export function plainTextSchema(label: string, opts: { min: number; max: number; oneLine?: boolean }) {
  return z
    .string({ error: `${label} must be text` })
    .transform((v) => {
      const cleaned = stripControlCharacters(v);
      return (opts.oneLine ? singleLine(cleaned) : cleaned).trim();
    })
    .pipe(
      z
        .string()
        .min(opts.min, opts.min === 1 ? `${label} is required` : `${label} must be at least ${opts.min} characters`)
        .max(opts.max, `${label} must be at most ${opts.max} characters`)
        .refine((v) => !looksLikeHtml(v), `${label} must be plain text: HTML is not allowed`),
    );
}
