import { env } from "@/lib/env";

/**
 * Benchmark only (`npm run bench`, commerce suite): a static JSON body of `?bytes=N` bytes, built once and then
 * served as it is, with the headers of the API's JSON answers. It is reached as `/api/__bench/static-json` (a
 * rewrite in next.config.ts), so it passes through the same middleware as /api/products/: the difference between
 * the two is the handler's work (database, serialisation). No database, no auth wrapper: that is the point.
 * Not served when the app runs in production mode.
 */
const MIN_BYTES = 16;
const MAX_BYTES = 1 << 20;
let cached: { bytes: number; body: string } | undefined;

function bodyOf(bytes: number): string {
  if (cached?.bytes !== bytes) cached = { bytes, body: `{"static":"${"x".repeat(bytes - 13)}"}` };
  return cached.body;
}

// GET /__bench/static-json?bytes=N — N bytes of static JSON (404 in production)
export function GET(req: Request): Response {
  if (env().isProduction) return new Response(null, { status: 404 });
  const bytes = Number(new URL(req.url).searchParams.get("bytes"));
  if (!Number.isInteger(bytes) || bytes < MIN_BYTES || bytes > MAX_BYTES) {
    return new Response(null, { status: 400 });
  }
  return new Response(bodyOf(bytes), {
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
