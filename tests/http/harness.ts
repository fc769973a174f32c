import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { assertThrowawayDatabaseUrl, databaseUrl } from "@/tests/helpers/pg-safety";

/**
 * Real servers for HTTP-level tests: the production build (built once by the run), served by scripts/start.ts on
 * its own port with its own configuration; a dedicated redis-server and the local Upstash REST server in front of it;
 * throwaway PostgreSQL databases. Every process is stopped at the end.
 */
const ROOT = process.cwd();
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const children: ChildProcess[] = [];

export const SHARED_SECRETS = {
  AUTH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
};

async function waitFor(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`process for ${url} exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function buildOnce(): void {
  const r = spawnSync(TSX, ["scripts/start.ts", "--build-only"], { stdio: "inherit", cwd: ROOT });
  if (r.status !== 0) throw new Error("build failed");
}

export type Instance = { url: string; port: number; stop: () => Promise<void> };

export async function startInstance(port: number, env: Record<string, string>): Promise<Instance> {
  const dataDir = path.join(ROOT, ".test-data", `http-${port}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const log: string[] = [];
  const child = spawn(TSX, ["scripts/start.ts", "--no-build"], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      APP_ENV: "development",
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
      // the monitoring agent acts on what it sees (IP blocks …); a test that wants it turns it on
      AGENT_MODE: "off",
      ...SHARED_SECRETS,
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => log.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => log.push(d.toString()));
  children.push(child);
  try {
    await waitFor(`http://localhost:${port}/api/health/`, 120_000, child);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${log.join("").slice(-3000)}`);
  }
  return {
    url: `http://localhost:${port}`,
    port,
    stop: async () => killTree(child),
  };
}

function killTree(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || !child.pid) return resolve();
    child.once("exit", () => resolve());
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      resolve();
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      resolve();
    }, 5_000).unref();
  });
}

/** A redis-server of our own (so a test can stop it), on a free port, keeping nothing on disk. */
export async function startRedis(port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    detached: true,
    stdio: "ignore",
  });
  children.push(child);
  const { Redis } = await import("ioredis");
  const started = Date.now();
  for (;;) {
    const probe = new Redis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {});
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch {
      probe.disconnect();
      if (Date.now() - started > 10_000) throw new Error("redis-server did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => killTree(child) };
}

/** A fresh PostgreSQL database for instances to share; dropped by dropDatabases(). */
const created: string[] = [];
export async function createDatabase(): Promise<string> {
  const base = process.env.TEST_DATABASE_URL!;
  assertThrowawayDatabaseUrl(base);
  const name = `shop_http_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  created.push(name);
  return databaseUrl(base, name);
}

export async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await sql(process.env.TEST_DATABASE_URL!, `drop database if exists ${name} with (force)`);
}

/**
 * A database outage without stopping the shared server: the database refuses new connections (and its open ones
 * are ended) until it is made available again. Only for the throwaway databases createDatabase() made.
 */
export async function setDatabaseAvailable(url: string, available: boolean): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!created.includes(name)) throw new Error(`${name} is not a database this run created`);
  const base = process.env.TEST_DATABASE_URL!;
  await sql(base, `alter database ${name} allow_connections ${available ? "true" : "false"}`);
  if (!available) await sql(base, "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]);
}

export async function stopEverything(): Promise<void> {
  await Promise.all(children.map(killTree));
  for (const name of created) await sql(process.env.TEST_DATABASE_URL!, `drop database if exists ${name} with (force)`).catch(() => {});
}
