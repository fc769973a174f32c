import sharp, { type Metadata } from "sharp";
import { fileRefused } from "./errors";
import type { Dimensions } from "./rules";

export type ProcessedImage = { bytes: Uint8Array; width: number; height: number };

const SHARP_FORMAT: Record<string, "jpeg" | "png" | "gif" | "webp"> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
};

/**
 * Decodes an image with sharp, checks its dimensions and re-encodes it in the same format. The re-encoded bytes are
 * what gets stored: metadata (EXIF, text chunks, ICC comments) and anything after the image data are dropped, so a
 * payload hidden there does not survive. The pixel limit (the largest allowed side squared, all frames included)
 * stops decompression bombs before any pixel is decoded.
 */
export async function processImage(bytes: Uint8Array, mime: string, dimensions: Dimensions): Promise<ProcessedImage> {
  const format = SHARP_FORMAT[mime];
  if (!format) throw fileRefused("unsupported_media_type", `Unsupported image type ${mime}.`);
  const animated = format === "gif" || format === "webp";
  const options = { limitInputPixels: dimensions.max * dimensions.max, failOn: "warning" as const, animated };

  let meta: Metadata;
  try {
    meta = await sharp(bytes, options).metadata();
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw fileRefused("bad_request", `The image has too many pixels (at most ${dimensions.max}×${dimensions.max}).`);
    }
    throw fileRefused("bad_request", "The image could not be decoded.");
  }
  if (meta.format !== format) throw fileRefused("bad_request", "The image could not be decoded.");
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.pageHeight ?? meta.autoOrient?.height ?? meta.height;
  const { min, max } = dimensions;
  if (!width || !height || width < min || height < min || width > max || height > max) {
    throw fileRefused("bad_request", `Image dimensions must be between ${min} and ${max} pixels on each side (got ${width ?? "?"}×${height ?? "?"}).`);
  }

  try {
    const pipeline = sharp(bytes, options).autoOrient();
    const output =
      format === "jpeg"
        ? pipeline.jpeg({ quality: 90 })
        : format === "png"
          ? pipeline.png()
          : format === "webp"
            ? pipeline.webp({ quality: 90 })
            : pipeline.gif();
    const data = await output.toBuffer();
    return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
  } catch {
    throw fileRefused("bad_request", "The image could not be decoded.");
  }
}
