import path from "node:path";
import { openDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { DEMO_PASSWORD_DEFAULT, hasAnyUser, seedDemoData, seedReferenceData } from "@/db/seed";
import { env } from "@/lib/env";

/**
 * Applies migrations and reference data; on the first run of the embedded default (no users yet) also seeds the
 * demo accounts and catalogue. Closes the database again: PGlite allows one process per data directory.
 */
export async function prepareDatabase(): Promise<void> {
  const e = env();
  const handle = openDatabase({ url: e.DATABASE_URL, pgliteDir: path.resolve(e.DATA_DIR, "pglite"), poolMax: 2 });
  try {
    await runMigrations(handle);
    await seedReferenceData(handle.db);
    if (!e.isProduction && !(await hasAnyUser(handle.db))) {
      const result = await seedDemoData(handle.db, e.SEED_DEMO_PASSWORD ?? DEMO_PASSWORD_DEFAULT);
      console.info(`Seeded ${result.users} demo accounts and ${result.products} demo products.`);
    }
    console.info(handle.kind === "pglite" ? `Database ready: embedded PGlite in ${e.DATA_DIR}/pglite.` : "Database ready: PostgreSQL.");
  } finally {
    await handle.close();
  }
}
