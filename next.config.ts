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
