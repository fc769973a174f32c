// The server under test: `npx tsx scripts/start.ts` (build or reuse, migrate, seed, serve) in its own process group,
// so that stopping it stops `next build`, start.ts and scripts/server.ts together. One at a time.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export type ServerOptions = {
  port: number;
  dataDir: string;
  distDir: string;
  readyTimeoutMs: number;
  /** PostgreSQL; unset: the embedded database in dataDir */
  databaseUrl?: string;
  /** false: serve the build in distDir as it is (a later server of the same run measures the same build) */
  build?: boolean;
};
export type Server = { url: string; built: boolean; startSeconds: number };

/** Every limit × this: the limiter does all its work on every request but never refuses one of the bench's. */
export const MULTIPLIER = 10_000;

let child: ChildProcess | null = null;

function prefixLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (stream) createInterface({ input: stream }).on("line", onLine);
}

async function answers(url: string): Promise<boolean> {
  try {
    await (await fetch(url, { signal: AbortSignal.timeout(2_000) })).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

export async function startServer(o: ServerOptions): Promise<Server> {
  const url = `http://localhost:${o.port}`;
  // the embedded (non-production) mode: production refuses RATE_LIMIT_MULTIPLIER and the embedded database
  const { NODE_ENV: _nodeEnv, APP_ENV: _appEnv, ...inherited } = process.env;
  const env: Record<string, string | undefined> = {
    ...inherited,
    PORT: String(o.port),
    APP_URL: url,
    DATA_DIR: o.dataDir,
    NEXT_DIST_DIR: o.distDir,
    RATE_LIMIT_MULTIPLIER: String(MULTIPLIER),
    LOG_LEVEL: "warn",
    DATABASE_URL: o.databaseUrl ?? "",
  };

  if (await answers(url)) throw new Error(`something already listens on port ${o.port}: stop it first`);

  const started = Date.now();
  let built = false;
  const args = ["tsx", "scripts/start.ts", ...(o.build === false ? ["--no-build"] : [])];
  const proc = spawn("npx", args, {
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let exitCode: number | null | undefined;
  proc.once("exit", (code, signal) => (exitCode = code ?? (signal ? -1 : 0)));
  const show = (line: string) => {
    if (line.includes("Building the shop")) built = true;
    console.info(`  server │ ${line}`);
  };
  prefixLines(proc.stdout, show);
  prefixLines(proc.stderr, show);

  const deadline = started + o.readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`the server exited (code ${exitCode}) before it was ready`);
    try {
      const res = await fetch(`${url}/api/health/ready/`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return { url, built, startSeconds: (Date.now() - started) / 1000 };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server was not ready within ${o.readyTimeoutMs / 1000} s`);
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // no process left in the group
  }
}

/** The server's process group (its leader's pid), while it runs. */
export function serverGroup(): number | null {
  return child?.pid ?? null;
}

/** SIGTERM to the whole process group, SIGKILL to what is left after 5 s. Safe to call twice. */
export async function stopServer(): Promise<void> {
  const pid = child?.pid;
  if (pid === undefined) return;
  signalGroup(pid, "SIGTERM");
  const deadline = Date.now() + 5_000;
  while (signalGroup(pid, 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  signalGroup(pid, "SIGKILL");
  child = null;
}

// last resort when the bench dies without its finally block: never leave the server running
process.on("exit", () => {
  if (child?.pid !== undefined) signalGroup(child.pid, "SIGKILL");
});
