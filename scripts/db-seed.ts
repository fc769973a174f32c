// npm run db:seed — roles, permissions, categories, demo accounts and the demo catalogue. Idempotent.
import path from "node:path";
import { openDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { DEMO_PASSWORD_DEFAULT, seedDemoData, seedReferenceData } from "@/db/seed";
import { ConfigError, env } from "@/lib/env";
import { applyLocalSecrets } from "./local-secrets";

applyLocalSecrets();

try {
  const e = env();
  const password = e.SEED_DEMO_PASSWORD ?? (e.isProduction ? undefined : DEMO_PASSWORD_DEFAULT);
  if (!password) {
    throw new ConfigError(["SEED_DEMO_PASSWORD is missing: production never seeds demo accounts with a default password"]);
  }
  const handle = openDatabase({ url: e.DATABASE_URL, pgliteDir: path.resolve(e.DATA_DIR, "pglite"), poolMax: 2 });
  await runMigrations(handle);
  await seedReferenceData(handle.db);
  const result = await seedDemoData(handle.db, password);
  await handle.close();
  console.info(`Seed complete: ${result.users} accounts and ${result.products} products created (existing rows untouched).`);
} catch (error) {
  console.error(error instanceof ConfigError ? `Cannot seed: ${error.message}` : error);
  process.exit(1);
}
