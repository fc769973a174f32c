import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const TSX = path.join(process.cwd(), "node_modules", ".bin", "tsx");

function start(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "shop-start-"));
  try {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !["AUTH_SECRET", "ENCRYPTION_KEY", "APP_ENV", "APP_URL", "DATABASE_URL", "NODE_ENV"].includes(k)),
    );
    return spawnSync(TSX, ["scripts/start.ts"], { env: { ...clean, DATA_DIR: dataDir, ...env } as unknown as NodeJS.ProcessEnv, encoding: "utf8", timeout: 60_000 });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe("npm start in production", () => {
  it("exits without secrets, naming every missing variable, before touching a database", () => {
    const r = start({ NODE_ENV: "production" });
    expect(r.status).toBe(1);
    for (const name of ["AUTH_SECRET", "ENCRYPTION_KEY", "DATABASE_URL", "APP_URL"]) expect(r.stderr).toContain(name);
    expect(r.stderr).toMatch(/The shop cannot start/);
    expect(r.stdout).not.toMatch(/Database ready/);
  });

  it("refuses weak secrets", () => {
    const r = start({
      NODE_ENV: "production",
      APP_URL: "https://shop.example",
      DATABASE_URL: "postgres://127.0.0.1:1/none",
      AUTH_SECRET: "password-password-password-password",
      ENCRYPTION_KEY: "00".repeat(32),
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/AUTH_SECRET is weak/);
    expect(r.stderr).toMatch(/ENCRYPTION_KEY is weak/);
  });
});
