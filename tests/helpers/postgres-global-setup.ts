import { randomBytes } from "node:crypto";
import { Client } from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedReferenceData } from "@/db/seed";
import { assertThrowawayDatabaseUrl, databaseUrl } from "./pg-safety";

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string;
    pgRunId: string;
  }
}

/**
 * Once per run: a template database with every migration and the reference data. Each test file then clones it
 * (CREATE DATABASE … TEMPLATE), which takes milliseconds, and drops its clone at the end.
 */
export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL!;
  assertThrowawayDatabaseUrl(base);
  const runId = randomBytes(4).toString("hex");
  const template = `shop_test_${runId}_tpl`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const handle = openDatabase({ url: databaseUrl(base, template), poolMax: 2 });
  await runMigrations(handle);
  await seedReferenceData(handle.db);
  await handle.close();
  project.provide("pgTemplate", template);
  project.provide("pgRunId", runId);
  console.info(`[postgres] integration tests run on PostgreSQL at ${new URL(base).host} (template ${template})`);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like $1",
      [`shop_test_${runId}_%`],
    );
    for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    await admin.end();
  };
}
