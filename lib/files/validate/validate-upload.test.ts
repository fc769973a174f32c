import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/problem";
import * as fx from "@/tests/fixtures/files/generate";
import { MiB, type FileCategory } from "./rules";
import { validateUpload } from "./validate-upload";

const validate = (bytes: Buffer | Uint8Array, filename: string, category: FileCategory) => validateUpload({ bytes: new Uint8Array(bytes), filename, category });

/** The refusal's status and its message under `file`. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  const api = error as ApiError;
  expect(api.options.errors?.file?.length).toBe(1);
  return { status: api.status, message: api.options.errors!.file![0]! };
}

describe("validateUpload: types from the bytes", () => {
  it("accepts each category's types with a matching extension", async () => {
    expect((await validate(await fx.png(), "a.png", "image")).mime).toBe("image/png");
    expect((await validate(await fx.jpeg(), "a.jpg", "product_image")).mime).toBe("image/jpeg");
    expect((await validate(await fx.jpeg(), "a.JPEG", "image")).filename).toBe("a.jpeg");
    expect((await validate(await fx.gif(), "a.gif", "image")).mime).toBe("image/gif");
    expect((await validate(await fx.webp(), "a.webp", "product_image")).mime).toBe("image/webp");
    expect((await validate(await fx.png(64, 64), "me.png", "avatar")).mime).toBe("image/png");
    expect((await validate(fx.pdf(), "doc.pdf", "document")).mime).toBe("application/pdf");
    expect((await validate(fx.docx(), "doc.docx", "document")).mime).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect((await validate(Buffer.from("name,price\nmug,5.00\n"), "list.csv", "document")).mime).toBe("text/csv");
    expect((await validate(Buffer.from("héllo wörld\n"), "notes.txt", "document")).mime).toBe("text/plain");
  });

  it("refuses a PNG renamed .pdf (415, extension does not match the content)", async () => {
    const r = await refusal(validate(await fx.png(), "invoice.pdf", "document"));
    expect(r.status).toBe(415);
    expect((await refusal(validate(await fx.png(), "invoice.pdf", "image"))).status).toBe(415);
  });

  it("refuses an HTML file renamed .png (415: no magic, unknown type)", async () => {
    const r = await refusal(validate(Buffer.from(fx.HTML_PAGE), "cat.png", "image"));
    expect(r.status).toBe(415);
    expect(r.message).toMatch(/could not be recognised/);
  });

  it("never accepts SVG, with or without script, in any category", async () => {
    for (const category of ["image", "product_image", "avatar", "document"] as const) {
      expect((await refusal(validate(Buffer.from(fx.SVG_WITH_SCRIPT), "logo.svg", category))).status).toBe(415);
    }
    // renamed .txt: with its XML declaration it is detected as XML (not allowed); without, it is text with active content
    expect((await refusal(validate(Buffer.from(fx.SVG_WITH_SCRIPT), "logo.txt", "document"))).status).toBe(415);
    expect((await refusal(validate(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), "a.txt", "document"))).status).toBe(400);
  });

  it("refuses types outside the category's allow-list", async () => {
    expect((await refusal(validate(await fx.gif(), "a.gif", "product_image"))).status).toBe(415);
    expect((await refusal(validate(await fx.webp(64, 64), "a.webp", "avatar"))).status).toBe(415);
    expect((await refusal(validate(fx.pdf(), "a.pdf", "image"))).status).toBe(415);
    expect((await refusal(validate(Buffer.from("plain"), "a.txt", "image"))).status).toBe(415);
  });

  it("accepts text only for .txt/.csv, as UTF-8 without NUL or control bytes", async () => {
    expect((await refusal(validate(Buffer.from("plain"), "a.md", "document"))).status).toBe(415);
    expect((await refusal(validate(Buffer.from("a\u0000b"), "a.txt", "document"))).status).toBe(415);
    expect((await refusal(validate(Buffer.from([0x61, 0xff, 0xfe, 0x62]), "a.txt", "document"))).status).toBe(415);
    expect((await refusal(validate(Buffer.from("plain"), "a", "document"))).status).toBe(415);
  });
});

describe("validateUpload: active content", () => {
  it("refuses a polyglot: a valid PNG with a script appended", async () => {
    const polyglot = Buffer.concat([await fx.png(), Buffer.from("<script>alert(1)</script>")]);
    const r = await refusal(validate(polyglot, "cat.png", "image"));
    expect(r.status).toBe(400);
    expect(r.message).toMatch(/active content/);
  });

  it("refuses a valid PNG with HTML in a text chunk", async () => {
    const image = fx.withPngTextChunk(await fx.png(), "Comment", "<html><body onload=alert(1)>");
    expect((await sharp(image).metadata()).format).toBe("png");
    expect((await refusal(validate(image, "cat.png", "image"))).status).toBe(400);
  });

  it("refuses PHP, javascript: URLs and HTML in text documents", async () => {
    expect((await refusal(validate(Buffer.from("<?php system($_GET['c']); ?>"), "a.txt", "document"))).status).toBe(400);
    expect((await refusal(validate(Buffer.from("link,JavaScript:alert(1)\n"), "a.csv", "document"))).status).toBe(400);
    expect((await refusal(validate(Buffer.from(fx.HTML_PAGE), "a.txt", "document"))).status).toBe(400);
  });

  it("refuses PDFs with JavaScript, launch actions or embedded files, also when the name is #-escaped or compressed", async () => {
    const js = fx.pdf("3 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n");
    expect((await refusal(validate(js, "a.pdf", "document"))).message).toMatch(/JavaScript/);
    expect((await refusal(validate(fx.pdf("3 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n"), "a.pdf", "document"))).message).toMatch(/Launch/);
    expect((await refusal(validate(fx.pdf("3 0 obj\n<< /EmbeddedFiles 4 0 R >>\nendobj\n"), "a.pdf", "document"))).message).toMatch(/EmbeddedFile/);
    expect((await refusal(validate(fx.pdf("3 0 obj\n<< /S /J#61vaScript /J#53 (x) >>\nendobj\n"), "a.pdf", "document"))).message).toMatch(/JavaScript|JS/);
    expect((await refusal(validate(fx.pdfWithHiddenJs(), "a.pdf", "document"))).message).toMatch(/JavaScript|JS/);
  });

  it("refuses Office documents with macros", async () => {
    expect((await refusal(validate(fx.docx(true), "a.docx", "document"))).message).toMatch(/macros/);
  });
});

describe("validateUpload: images", () => {
  it("re-encodes: metadata and trailing bytes are gone, dimensions recorded", async () => {
    const source = fx.withPngTextChunk(await fx.png(40, 30), "Author", "someone@example.com");
    const withTrailer = Buffer.concat([source, Buffer.from("TRAILING-DATA")]);
    const out = await validate(withTrailer, "a.png", "image");
    expect([out.width, out.height]).toEqual([40, 30]);
    const stored = Buffer.from(out.bytes);
    expect(stored.includes("someone@example.com")).toBe(false);
    expect(stored.includes("TRAILING-DATA")).toBe(false);
    expect((await sharp(stored).metadata()).format).toBe("png");
  });

  it("checks dimensions per category", async () => {
    expect((await refusal(validate(await fx.png(32, 32), "a.png", "avatar"))).message).toMatch(/between 64 and 512/);
    expect((await refusal(validate(await fx.png(600, 64), "a.png", "avatar"))).status).toBe(400);
    expect((await refusal(validate(await fx.png(4097, 1), "a.png", "image"))).status).toBe(400);
    expect((await validate(await fx.png(512, 64), "a.png", "avatar")).width).toBe(512);
  });

  it("refuses a decompression bomb from its header, before decoding pixels", async () => {
    const r = await refusal(validate(fx.pngHeaderOnly(60_000, 60_000), "bomb.png", "image"));
    expect(r.status).toBe(400);
    expect(r.message).toMatch(/too many pixels|dimensions/);
  });

  it("refuses a corrupt image", async () => {
    const image = await fx.png(64, 64);
    const cut = image.subarray(0, image.length - 20);
    expect((await refusal(validate(cut, "a.png", "image"))).message).toMatch(/could not be decoded/);
    const garbage = Buffer.concat([image.subarray(0, 40), Buffer.alloc(200, 0x41)]);
    expect((await refusal(validate(garbage, "a.png", "image"))).status).toBe(400);
  });
});

describe("validateUpload: sizes", () => {
  it("refuses empty files (400) and files over the category cap (413)", async () => {
    expect((await refusal(validate(Buffer.alloc(0), "a.txt", "document"))).status).toBe(400);
    const big = Buffer.concat([await fx.png(), Buffer.alloc(2 * MiB)]);
    expect((await refusal(validate(big, "a.png", "avatar"))).status).toBe(413);
    expect((await refusal(validate(Buffer.alloc(10 * MiB + 1, 0x61), "a.txt", "document"))).status).toBe(413);
  });
});
