import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The original API's clients call `/api/x/`; both `/api/x` and `/api/x/` must answer without a redirect.
  skipTrailingSlashRedirect: true,
  // tests and benchmarks may build into their own folder so that two builds never share one
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and wasm packages stay outside the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "fxa-common-password-list", "incremental-encoder", "nodemailer"],
  typedRoutes: false,
  images: {
    // The optimiser serves only our own files API (a product image once released and public; avatars); no remote
    // hosts, and no query strings, so `?download=true` and the like can never be fetched through it.
    localPatterns: [{ pathname: "/api/files/*/download/", search: "" }],
    remotePatterns: [],
    // Few widths: every (image, width) pair is one optimisation, one internal fetch and one cache entry.
    deviceSizes: [384, 640, 828, 1080, 1200],
    imageSizes: [96, 192, 288],
    formats: ["image/webp"],
    // a released image that is later rejected or deleted stops being served within 5 minutes
    minimumCacheTTL: 300,
  },
  // `npm run bench` compares the same tiny route without any middleware (bypass: excluded by the middleware's
  // matcher) and behind a middleware that returns at once (noop); only the liveness route is served these ways.
  async rewrites() {
    return [
      { source: "/__bench/bypass/health", destination: "/api/health" },
      { source: "/__bench/noop/health", destination: "/api/health" },
      // the commerce bench's bare route (a static JSON body, 404 in production) behind the full /api middleware
      { source: "/api/__bench/static-json", destination: "/__bench/static-json" },
    ];
  },
};

export default nextConfig;
