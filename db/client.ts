import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Pool } from "pg";
import { env, isBuildPhase } from "@/lib/env";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type the code sees, whichever driver is behind it (PGlite or node-postgres). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: functions that write take this so callers can compose them. */
export type DbOrTx = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: "pglite" | "postgres";
  /** The connection URL (PostgreSQL only). */
  url?: string;
  close: () => Promise<void>;
};

type GlobalWithDb = typeof globalThis & { __shopDb?: DbHandle };
const holder = globalThis as GlobalWithDb;

/** Opens a handle. PGlite allows one process per data directory: callers keep one per process (see `db()`). */
export function openDatabase(options: { url?: string; pgliteDir?: string | null; poolMax?: number }): DbHandle {
  if (options.url) {
    const pool = new Pool({ connectionString: options.url, max: options.poolMax ?? 10 });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on("error", () => {});
    return { db: drizzlePg(pool, { schema }) as unknown as Db, kind: "postgres", url: options.url, close: () => pool.end() };
  }
  let client: PGlite;
  if (options.pgliteDir) {
    mkdirSync(options.pgliteDir, { recursive: true });
    client = new PGlite(options.pgliteDir);
  } else {
    client = new PGlite();
  }
  return { db: drizzlePglite(client, { schema }) as unknown as Db, kind: "pglite", close: () => client.close() };
}

/** The process-wide database, opened lazily on first use; never during `next build`. */
export function getDbHandle(): DbHandle {
  if (holder.__shopDb) return holder.__shopDb;
  if (isBuildPhase()) throw new Error("The database is not available during `next build`: render this page dynamically.");
  const e = env();
  holder.__shopDb = openDatabase({
    url: e.DATABASE_URL,
    pgliteDir: path.resolve(e.DATA_DIR, "pglite"),
    poolMax: e.DATABASE_POOL_MAX,
  });
  return holder.__shopDb;
}

export function db(): Db {
  return getDbHandle().db;
}

/** Tests and scripts: use this handle as the process-wide database. */
export function setDbHandle(handle: DbHandle | undefined): void {
  holder.__shopDb = handle;
}

export async function closeDb(): Promise<void> {
  const h = holder.__shopDb;
  holder.__shopDb = undefined;
  if (h) await h.close();
}

/** Rows of a raw SQL query; both drivers answer `{ rows }`. */
export async function queryRows<T>(database: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await database.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
