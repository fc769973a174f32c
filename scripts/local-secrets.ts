// Embedded default only: generates missing secrets once and keeps them in <DATA_DIR>/secrets.json (mode 0600), so
// sessions and encrypted data survive restarts. Never used with NODE_ENV=production, where they must be configured.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const GENERATORS: Record<string, () => string> = {
  AUTH_SECRET: () => randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
};

/** Sets missing secrets in process.env from (or into) <DATA_DIR>/secrets.json. */
export function applyLocalSecrets(environment: NodeJS.ProcessEnv = process.env): void {
  if (environment.NODE_ENV === "production") return;
  const dir = path.resolve(environment.DATA_DIR || ".data");
  const file = path.join(dir, "secrets.json");
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  let changed = false;
  for (const [name, make] of Object.entries(GENERATORS)) {
    if (environment[name]) continue;
    if (!stored[name]) {
      stored[name] = make();
      changed = true;
    }
    environment[name] = stored[name];
  }
  if (changed) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
  }
}
