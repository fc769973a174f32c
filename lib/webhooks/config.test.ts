import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

const secrets = {
  AUTH_SECRET: "q8Jz2mV0kR5xLw1nT7bY4cH9dF3gS6aE-uP_oI",
  ENCRYPTION_KEY: "6ttn977VyO3tpzbSBqOm2iIvHGbAQhPqlmq85Dq+zqQ=",
};
const production = {
  ...secrets,
  NODE_ENV: "production",
  APP_URL: "https://shop.example",
  DATABASE_URL: "postgres://db/shop",
} as const;

function problemsOf(raw: Record<string, string>): string[] {
  try {
    parseEnv(raw);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe("webhook configuration", () => {
  it("has safe defaults: private targets refused, bounded retries and timeout", () => {
    const e = parseEnv(secrets);
    expect(e).toMatchObject({
      WEBHOOK_ALLOW_PRIVATE_TARGETS: false,
      WEBHOOK_MAX_ATTEMPTS: 12,
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_BACKOFF_BASE_MS: 30_000,
      WEBHOOK_WORKER_INTERVAL_SECONDS: 5,
    });
    expect(parseEnv({ ...secrets, WEBHOOK_ALLOW_PRIVATE_TARGETS: "1" }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(
      true,
    );
  });

  it("refuses the private-target allowance in production (NODE_ENV or APP_ENV)", () => {
    expect(problemsOf(production)).toEqual([]);
    expect(problemsOf({ ...production, WEBHOOK_ALLOW_PRIVATE_TARGETS: "1" }).join("\n")).toMatch(
      /WEBHOOK_ALLOW_PRIVATE_TARGETS must be off in production/,
    );
    expect(
      problemsOf({
        ...production,
        NODE_ENV: "development",
        APP_ENV: "production",
        WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
      }).join("\n"),
    ).toMatch(/WEBHOOK_ALLOW_PRIVATE_TARGETS/);
  });

  it("refuses out-of-range numbers, naming the variable", () => {
    expect(problemsOf({ ...secrets, WEBHOOK_MAX_ATTEMPTS: "0" }).join("\n")).toMatch(/WEBHOOK_MAX_ATTEMPTS/);
    expect(problemsOf({ ...secrets, WEBHOOK_TIMEOUT_MS: "600000" }).join("\n")).toMatch(/WEBHOOK_TIMEOUT_MS/);
  });
});
