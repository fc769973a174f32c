import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

const good = {
  AUTH_SECRET: "q8Jz2mV0kR5xLw1nT7bY4cH9dF3gS6aE-uP_oI",
  ENCRYPTION_KEY: "6ttn977VyO3tpzbSBqOm2iIvHGbAQhPqlmq85Dq+zqQ=",
};

function problemsOf(raw: Record<string, string | undefined>): string[] {
  try {
    parseEnv(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("configuration", () => {
  it("accepts the embedded default with generated secrets", () => {
    const e = parseEnv({ ...good });
    expect(e.isProduction).toBe(false);
    expect(e.APP_URL).toBe("http://localhost:3000");
    expect(e.ENCRYPTION_KEY).toHaveLength(32);
    expect(e.TRUSTED_PROXY_HOPS).toBe(0);
    expect(e.AUTH_LOCKOUT_THRESHOLD).toBe(5);
  });

  it("names every missing secret", () => {
    const problems = problemsOf({});
    expect(problems.join("\n")).toMatch(/AUTH_SECRET is missing/);
    expect(problems.join("\n")).toMatch(/ENCRYPTION_KEY is missing/);
  });

  it("refuses production without secrets, database or https origin, naming each variable", () => {
    const text = problemsOf({ NODE_ENV: "production" }).join("\n");
    for (const name of ["AUTH_SECRET", "ENCRYPTION_KEY", "DATABASE_URL", "APP_URL"]) expect(text).toContain(name);
  });

  it("refuses weak secrets in production", () => {
    const text = problemsOf({
      APP_ENV: "production",
      APP_URL: "https://shop.example",
      DATABASE_URL: "postgres://db.internal/shop",
      AUTH_SECRET: "changeme-changeme-changeme-changeme",
      ENCRYPTION_KEY: "0".repeat(64),
    }).join("\n");
    expect(text).toMatch(/AUTH_SECRET is weak/);
    expect(text).toMatch(/ENCRYPTION_KEY is weak/);
  });

  it("accepts a sound production configuration", () => {
    const e = parseEnv({
      APP_ENV: "production",
      APP_URL: "https://shop.example/",
      DATABASE_URL: "postgres://db.internal/shop",
      ...good,
    });
    expect(e.isProduction).toBe(true);
    expect(e.APP_URL).toBe("https://shop.example");
  });

  it("APP_ENV keeps the embedded mode when next start forces NODE_ENV=production", () => {
    expect(parseEnv({ NODE_ENV: "production", APP_ENV: "development", ...good }).isProduction).toBe(false);
  });

  it("rejects malformed values with the variable's name", () => {
    expect(problemsOf({ ...good, ENCRYPTION_KEY: "short" }).join()).toMatch(/ENCRYPTION_KEY must be 32 bytes/);
    expect(problemsOf({ ...good, TRUSTED_PROXY_HOPS: "-1" }).join()).toMatch(/TRUSTED_PROXY_HOPS/);
    expect(problemsOf({ ...good, DATABASE_URL: "mysql://x" }).join()).toMatch(/DATABASE_URL/);
    expect(problemsOf({ ...good, CORS_ALLOWED_ORIGINS: "*" }).join()).toMatch(/not '\*'/);
    expect(problemsOf({ ...good, CORS_ALLOWED_ORIGINS: "https://a.example/path" }).join()).toMatch(/not an origin/);
  });
});
