// npm start — validate configuration, migrate and seed, build if the sources changed, then serve (scripts/server.ts).
//   npm start           production build on http://localhost:$PORT (default 3000)
//   npm run dev         the same database preparation, then Next's dev server
//   tsx scripts/start.ts --build-only   build if the sources changed, then exit (the test runner uses it)
//   tsx scripts/start.ts --no-build     serve the existing build as it is (test servers started after --build-only)
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, env } from "@/lib/env";
import { applyLocalSecrets } from "./local-secrets";
import { prepareDatabase } from "./prepare-db";

const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const SOURCES = ["app", "components", "lib", "db", "public", "middleware.ts", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const DIST = path.join(ROOT, process.env.NEXT_DIST_DIR || ".next");
const STAMP = path.join(DIST, "source-stamp");

function sourceStamp(): string {
  const h = createHash("sha256");
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name !== "node_modules" && name !== "migrations") walk(path.join(p, name));
    } else if (p.endsWith("tsconfig.json")) {
      // by content: a build rewrites it (restored afterwards), which must not count as a change
      h.update(`tsconfig.json:${createHash("sha256").update(readFileSync(p)).digest("hex")}\n`);
    } else {
      h.update(`${path.relative(ROOT, p)}:${s.size}:${s.mtimeMs}\n`);
    }
  };
  for (const s of SOURCES) walk(path.join(ROOT, s));
  return h.digest("hex");
}

function buildIfNeeded(): void {
  const stamp = sourceStamp();
  const built = existsSync(path.join(DIST, "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp;
  if (built) return;
  console.info("Building the shop (first start or sources changed)…");
  // `next build` adds its output folder's types to tsconfig.json; a build into another folder must not dirty the tree
  const tsconfigPath = path.join(ROOT, "tsconfig.json");
  const tsconfig = readFileSync(tsconfigPath, "utf8");
  const restore = () => {
    if (readFileSync(tsconfigPath, "utf8") !== tsconfig) writeFileSync(tsconfigPath, tsconfig);
  };
  // also when the build is interrupted: Ctrl-C reaches the build and this process alike
  const onSignal = () => {
    restore();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let result;
  try {
    result = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  } finally {
    restore();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(STAMP, stamp);
}

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  if (process.argv.includes("--build-only")) {
    buildIfNeeded();
    return;
  }
  // `npm start` is the embedded default unless NODE_ENV=production (or APP_ENV=production) is set explicitly;
  // `next start` then forces NODE_ENV=production for the framework, and APP_ENV keeps the deployment mode.
  process.env.APP_ENV ??= process.env.NODE_ENV === "production" ? "production" : "development";
  applyLocalSecrets();
  const e = env();
  await prepareDatabase();
  if (!dev && !process.argv.includes("--no-build")) buildIfNeeded();
  const tsxCli = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const args = [tsxCli, path.join(ROOT, "scripts", "server.ts"), ...(dev ? ["--dev"] : [])];

  console.info(`Serving on ${e.APP_URL}`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: dev ? "development" : "production" };
  const child = spawn(process.execPath, args, { stdio: "inherit", env: childEnv });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`\nThe shop cannot start. ${error.message}\n`);
  else console.error("Start failed:", error);
  process.exit(1);
});
