import "server-only";
import { execFile } from "node:child_process";
import { env } from "@/lib/env";

export type ScanOutcome = { outcome: "clean" | "infected" | "error"; detail: string };

/** FILE_SCAN_COMMAND split on whitespace (no shell, so no quoting, globbing or expansion). */
export function scanCommand(): string[] | null {
  const command = env().FILE_SCAN_COMMAND;
  if (!command) return null;
  const argv = command.split(/\s+/).filter(Boolean);
  return argv.length ? argv : null;
}

/**
 * Runs the configured scanner on one file, its path as the last argument, without a shell and with a timeout.
 * The ClamAV convention: exit 0 clean, 1 infected, anything else (or a timeout, or no such program) an error.
 */
export function runScanner(argv: readonly string[], filePath: string): Promise<ScanOutcome> {
  const [program, ...args] = argv;
  return new Promise((resolve) => {
    execFile(
      program!,
      [...args, filePath],
      { timeout: env().FILE_SCAN_TIMEOUT_MS, maxBuffer: 256 * 1024, windowsHide: true, encoding: "utf8" },
      (error, stdout, stderr) => {
        // the first line of output, without the storage path (disk paths are never recorded or shown)
        const detail = `${stdout}\n${stderr}`.replaceAll(filePath, "<file>").trim().split(/\r?\n/)[0]?.slice(0, 200) ?? "";
        if (!error) return resolve({ outcome: "clean", detail });
        if (error.code === 1) return resolve({ outcome: "infected", detail });
        const why = error.killed ? "timed out" : typeof error.code === "string" ? error.code : `exit code ${String(error.code ?? error.signal)}`;
        resolve({ outcome: "error", detail: `${why}${detail ? `: ${detail}` : ""}`.slice(0, 200) });
      },
    );
  });
}
