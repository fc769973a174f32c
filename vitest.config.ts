import { randomBytes } from "node:crypto";
import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

// Every test process gets its own throwaway secrets; nothing reads .data/.
const testEnv = {
  APP_ENV: "test",
  APP_URL: "http://localhost:3000",
  AUTH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  LOG_LEVEL: "error",
  DATABASE_URL: "",
  DATA_DIR: path.join(root, ".test-data", "vitest"),
};

const integration = (name: string, kind: "pglite" | "postgres") => ({
  extends: true as const,
  test: {
    name,
    include: ["tests/integration/**/*.test.ts"],
    // `*.pg.test.ts` need a real PostgreSQL server (concurrent connections): only the "postgres" project runs them
    exclude: kind === "pglite" ? [...configDefaults.exclude, "tests/integration/**/*.pg.test.ts"] : configDefaults.exclude,
    env: { ...testEnv, TEST_DB_KIND: kind },
    ...(kind === "postgres" ? { globalSetup: ["tests/helpers/postgres-global-setup.ts"] } : {}),
  },
});

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React Server Components; tests call server code directly.
      "server-only": path.join(root, "tests/helpers/empty-module.ts"),
    },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "unit", include: ["lib/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts"], env: testEnv } },
      integration("pglite", "pglite"),
      ...(process.env.TEST_DATABASE_URL ? [integration("postgres", "postgres")] : []),
      // HTTP tests against real servers of the production build (need PostgreSQL for shared instances)
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "http",
                include: ["tests/http/**/*.test.ts"],
                env: testEnv,
                globalSetup: ["tests/http/global-setup.ts"],
                testTimeout: 60_000,
                hookTimeout: 600_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
