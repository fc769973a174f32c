import sharp from "sharp";

/** A real, decodable PNG of the given size (a flat colour), made in the test process. */
export async function pngImage(width: number, height: number, colour = { r: 40, g: 110, b: 200 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

/** A real JPEG (to name it `.png`: the content and the extension disagree). */
export async function jpegImage(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 240, g: 200, b: 60 } } }).jpeg().toBuffer();
}

/** An HTML page with a script: what an attacker renames to `.png` hoping it is served back as a page. */
export const HTML_PAGE = Buffer.from("<!doctype html>\n<html><body><script>alert(document.cookie)</script></body></html>\n");

/** A file for Playwright's setInputFiles. */
export const inputFile = (name: string, mimeType: string, buffer: Buffer) => ({ name, mimeType, buffer });
