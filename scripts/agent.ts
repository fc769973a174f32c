// npm run agent -- --once : one monitoring-agent cycle against DATABASE_URL (or the embedded database), its result
// printed as JSON. Without --once it loops every AGENT_INTERVAL_SECONDS until SIGINT/SIGTERM.
// The embedded database allows one process: stop the server first, or use PostgreSQL.
import { sql } from "drizzle-orm";
import { closeDb, db, queryRows } from "@/db/client";
import { ConfigError } from "@/lib/env";
import { runAgentCycle } from "@/lib/monitoring/agent/cycle";
import { agentConfig } from "@/lib/monitoring/config";
import { applyLocalSecrets } from "./local-secrets";

applyLocalSecrets();

async function once(): Promise<boolean> {
  const result = await runAgentCycle({ trigger: "cli" });
  console.info(JSON.stringify(result, null, 2));
  return result.ran;
}

try {
  const [schema] = await queryRows<{ ok: boolean }>(db(), sql`select to_regclass('public.agent_actions') is not null as ok`);
  if (!schema?.ok) {
    console.error("The database has no schema yet: run `npm run db:migrate` (or start the shop once) first.");
    await closeDb();
    process.exit(1);
  }
  if (process.argv.includes("--once")) {
    const ran = await once();
    await closeDb();
    process.exit(ran ? 0 : 2);
  }
  const { intervalSeconds, mode } = agentConfig();
  console.info(`Monitoring agent: a cycle every ${intervalSeconds} s (AGENT_MODE=${mode}); Ctrl-C stops it.`);
  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  while (!stopping) {
    await once();
    for (let waited = 0; waited < intervalSeconds * 10 && !stopping; waited++) await new Promise((r) => setTimeout(r, 100));
  }
  await closeDb();
} catch (error) {
  console.error(error instanceof ConfigError ? `Cannot run the agent: ${error.message}` : error);
  await closeDb().catch(() => undefined);
  process.exit(1);
}
