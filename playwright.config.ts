import { defineConfig } from "@playwright/test";
import { chromiumPath, CHROMIUM_ARGS } from "./e2e/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;

/**
 * The e2e suite runs against a production build served by `npm start`'s own script, on a fresh embedded database
 * (E2E_DATA_DIR) seeded with the demo data. Debian's Chromium: see e2e/chromium.ts.
 */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  reporter: process.env.E2E_JSON_REPORT
    ? [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT }]]
    : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  projects: [
    { name: "api", testMatch: /api\/.*\.spec\.ts/ },
    { name: "browser", testMatch: /browser\/.*\.spec\.ts/ },
  ],
  webServer: {
    command: "npx tsx scripts/start.ts",
    url: `${BASE_URL}/api/health/ready/`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      APP_URL: BASE_URL,
      DATA_DIR: process.env.E2E_DATA_DIR ?? ".test-data/e2e",
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
      // the test runner is the one proxy in front: each test's X-Forwarded-For is its own client (e2e/fixtures.ts)
      TRUSTED_PROXY_HOPS: "1",
      // the dashboard spec makes /api/products/ fail on purpose (POST /api/monitoring/faults/; off in production)
      FAULT_INJECTION: "1",
      // the webhooks spec runs its receiver on 127.0.0.1 (development allowance; refused in production)
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "1",
      WEBHOOK_WORKER_INTERVAL_SECONDS: "1",
    },
  },
});
