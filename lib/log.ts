import { env } from "@/lib/env";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

function emit(level: Level, message: string, fields?: Record<string, unknown>): void {
  let threshold: Level = "info";
  try {
    threshold = env().LOG_LEVEL;
  } catch {
    // configuration not loadable yet: keep the default
  }
  if (LEVELS[level] < LEVELS[threshold]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.info(line);
}

/** Structured one-line JSON logs on stdout/stderr. */
export const log = {
  debug: (m: string, f?: Record<string, unknown>) => emit("debug", m, f),
  info: (m: string, f?: Record<string, unknown>) => emit("info", m, f),
  warn: (m: string, f?: Record<string, unknown>) => emit("warn", m, f),
  error: (m: string, f?: Record<string, unknown>) => emit("error", m, f),
};

/**
 * A failed query's error (Drizzle's "Failed query: …\nparams: …") carries the bound values: customer data,
 * password hashes, encrypted secrets, URLs with tokens. Logs keep the SQL and the database's own reason, never those.
 */
const QUERY_PARAMS = /\nparams: [\s\S]*?(?=\n {4}at |$)/;
const withoutParams = (text: string | undefined) => text?.replace(QUERY_PARAMS, "\nparams: [withheld]");

export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? { cause: `${error.cause.name}: ${error.cause.message}` } : {};
    return { error: withoutParams(error.message), name: error.name, stack: withoutParams(error.stack), ...cause };
  }
  return { error: String(error) };
}
