import { describe, expect, it } from "vitest";
import { csvCell, csvLine, csvStream, neutralizeFormula, type CsvValue } from "./csv";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

async function* batchesOf(...batches: CsvValue[][][]) {
  for (const b of batches) yield b;
}

describe("neutralizeFormula", () => {
  it.each(["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠A1", "=HYPERLINK(\"http://x\")"])(
    "prefixes %j with a single quote",
    (value) => {
      expect(neutralizeFormula(value)).toBe(`'${value}`);
    },
  );

  it.each(["", "plain", "1-1", "a=b", " =1", "'=1", "{\"a\":\"=1\"}", "::1", "2026-01-01T00:00:00.000Z"])("leaves %j as it is", (value) => {
    expect(neutralizeFormula(value)).toBe(value);
  });
});

describe("csvCell", () => {
  it("quotes every cell and doubles inner quotes (RFC 4180)", () => {
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell('He said "hi", then left')).toBe('"He said ""hi"", then left"');
    expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvCell('""')).toBe('""""""');
  });

  it("writes null and undefined as empty cells and numbers as text", () => {
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(true)).toBe('"true"');
  });

  it("neutralises formulas before quoting, including negative numbers and quoted payloads", () => {
    expect(csvCell("=cmd|' /C calc'!A0")).toBe(`"'=cmd|' /C calc'!A0"`);
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell(-5)).toBe(`"'-5"`);
    expect(csvCell("\t@x")).toBe(`"'\t@x"`);
  });
});

describe("csvLine", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvLine(["a", null, 1, "=x"])).toBe(`"a","","1","'=x"\r\n`);
    expect(csvLine([])).toBe("\r\n");
  });
});

describe("csvStream", () => {
  it("writes the header, then every row of every batch, skipping empty batches", async () => {
    const text = await readAll(csvStream(["id", "name"], batchesOf([[1, "a"], [2, 'b"c']], [], [[3, "=d"]])));
    expect(text).toBe(`"id","name"\r\n"1","a"\r\n"2","b""c"\r\n"3","'=d"\r\n`);
  });

  it("writes only the header when there are no rows", async () => {
    expect(await readAll(csvStream(["id"], batchesOf()))).toBe(`"id"\r\n`);
  });

  it("encodes UTF-8", async () => {
    const bytes = new Uint8Array(await new Response(csvStream(["é"], batchesOf([["日本"]]))).arrayBuffer());
    expect(new TextDecoder().decode(bytes)).toBe(`"é"\r\n"日本"\r\n`);
  });

  it("ends the stream with the error when a batch fails, and reports it", async () => {
    const seen: unknown[] = [];
    async function* failing() {
      yield [["ok"]] as CsvValue[][];
      throw new Error("database went away");
    }
    const stream = csvStream(["c"], failing(), (e) => seen.push(e));
    await expect(readAll(stream)).rejects.toThrow("database went away");
    expect(seen).toHaveLength(1);
  });

  it("stops reading batches when the client goes away", async () => {
    let finished = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield [[i]] as CsvValue[][];
      } finally {
        finished = true;
      }
    }
    const reader = csvStream(["n"], endless()).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
  });
});
