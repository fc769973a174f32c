// The commerce suite's throwaway PostgreSQL database: dropped and created again on every run, on a local server
// only (BENCH_DATABASE_URL names the server; default postgres://postgres@127.0.0.1:5432, trust auth).
import pg from "pg";
import { pidCpuMs } from "./cpu";

export const BENCH_DATABASE = "shop_bench";
const DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

/** The server URL, refused unless it is this machine: the bench drops a database there. */
export function benchServerUrl(): URL {
  const url = new URL(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!["127.0.0.1", "localhost", "::1", ""].includes(host) && !host.startsWith("/")) {
    throw new Error(
      `refusing ${url.host}: BENCH_DATABASE_URL must name a local PostgreSQL (it drops ${BENCH_DATABASE})`,
    );
  }
  return url;
}

function withDatabase(server: URL, database: string): string {
  const u = new URL(server);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Drops and creates the bench database; returns its URL (for the server) and an open client (for the bench). */
export async function recreateBenchDatabase(): Promise<{ url: string; client: pg.Client; label: string }> {
  const server = benchServerUrl();
  const admin = new pg.Client({ connectionString: withDatabase(server, "postgres") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(server, BENCH_DATABASE);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { url, client, label: `${server.host}/${BENCH_DATABASE}` };
}

/** CPU time so far of each PostgreSQL backend serving the bench database, except the bench's own connection. */
export async function backendCpu(client: pg.Client): Promise<Map<number, number> | null> {
  const { rows } = await client.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
    [BENCH_DATABASE],
  );
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = pidCpuMs(pid);
    if (ms === null) return null; // not readable here (another machine or container): no figure rather than a wrong one
    out.set(pid, ms);
  }
  return out;
}

/** CPU ms the backends used between two readings (a backend that closed in between is not counted). */
export function backendCpuDeltaMs(
  before: Map<number, number> | null,
  after: Map<number, number> | null,
): number | null {
  if (!before || !after) return null;
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}
