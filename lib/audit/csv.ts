/** CSV (RFC 4180) that is safe to open in a spreadsheet. Pure: no I/O. */

export type CsvValue = string | number | boolean | null | undefined;

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): = + - @, tab and carriage
 * return, plus their full-width forms, which some spreadsheet locales also accept.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Prefixes a formula-looking value with a single quote so that it is shown as text, never evaluated. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell: null/undefined → empty; formula-neutralised; always quoted, with inner quotes doubled (RFC 4180). */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '""';
  const text = neutralizeFormula(String(value));
  return `"${text.replace(/"/g, '""')}"`;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/**
 * A UTF-8 byte stream: the header line, then one line per row as the batches arrive (pulled on demand, so a slow
 * client never makes the server hold more than one batch). An error while reading ends the stream with that error.
 */
export function csvStream(
  header: readonly string[],
  batches: AsyncIterable<readonly (readonly CsvValue[])[]>,
  onError?: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(header)));
        return;
      }
      try {
        // Enqueue something on every pull (an empty batch is skipped): a pull that enqueues nothing is not repeated.
        for (;;) {
          const next = await iterator.next();
          if (next.done) {
            controller.close();
            return;
          }
          if (next.value.length) {
            controller.enqueue(encoder.encode(next.value.map(csvLine).join("")));
            return;
          }
        }
      } catch (error) {
        onError?.(error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
