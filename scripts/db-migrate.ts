// npm run db:migrate — apply pending migrations to DATABASE_URL (or the embedded database).
import path from "node:path";
import { openDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { env } from "@/lib/env";
import { applyLocalSecrets } from "./local-secrets";

applyLocalSecrets();

const e = env();
const handle = openDatabase({ url: e.DATABASE_URL, pgliteDir: path.resolve(e.DATA_DIR, "pglite"), poolMax: 2 });
await runMigrations(handle);
await handle.close();
console.info("Migrations applied.");
