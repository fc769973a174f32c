import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The original API's clients call `/api/x/`; both `/api/x` and `/api/x/` must answer without a redirect.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and wasm packages stay outside the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "fxa-common-password-list", "incremental-encoder", "nodemailer"],
  typedRoutes: false,
};

export default nextConfig;
