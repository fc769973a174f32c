import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, setDbHandle, type Db, type DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedReferenceData } from "@/db/seed";
import { assertThrowawayDatabaseUrl, databaseUrl } from "./pg-safety";

export type TestDatabase = { readonly db: Db; readonly handle: DbHandle; readonly kind: "pglite" | "postgres" };

/**
 * A fresh database for this test file, migrated and holding the reference data (roles, permissions, categories),
 * installed as the process-wide database the app code uses. PGlite in memory, or a clone of the PostgreSQL template
 * when the file runs in the "postgres" project. Dropped after the file.
 */
export function setupTestDatabase(): TestDatabase {
  let handle: DbHandle | undefined;
  let dropName: string | undefined;
  const kind = (process.env.TEST_DB_KIND ?? "pglite") as "pglite" | "postgres";

  beforeAll(async () => {
    if (kind === "postgres") {
      const base = process.env.TEST_DATABASE_URL!;
      assertThrowawayDatabaseUrl(base);
      const template = inject("pgTemplate");
      dropName = `shop_test_${inject("pgRunId")}_${randomBytes(4).toString("hex")}`;
      const admin = new Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${dropName} template ${template}`);
      await admin.end();
      handle = openDatabase({ url: databaseUrl(base, dropName), poolMax: 20 });
    } else {
      handle = openDatabase({ pgliteDir: null });
      await runMigrations(handle);
      await seedReferenceData(handle.db);
    }
    setDbHandle(handle);
  });

  afterAll(async () => {
    setDbHandle(undefined);
    await handle?.close();
    if (dropName) {
      const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL! });
      await admin.connect();
      await admin.query(`drop database if exists ${dropName} with (force)`);
      await admin.end();
    }
  });

  return {
    get db() {
      if (!handle) throw new Error("setupTestDatabase: the database opens in beforeAll");
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error("setupTestDatabase: the database opens in beforeAll");
      return handle;
    },
    kind,
  };
}
