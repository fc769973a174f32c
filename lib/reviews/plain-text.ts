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
