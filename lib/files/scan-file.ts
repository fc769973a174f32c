import "server-only";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db/client";
import { files } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { RequestMeta } from "@/lib/security/request-meta";
import { logFileAccess } from "./access-log";
import type { FileRow } from "./queries";
import { runScanner, scanCommand, type ScanOutcome } from "./scanner";
import { fileStorage, type FileStorage } from "./storage";

/** The scanner needs a path: the object itself for local storage, a private temporary copy for a remote store. */
async function scanObject(storage: FileStorage, key: string, argv: string[]): Promise<ScanOutcome> {
  const local = storage.localPath(key);
  if (local) return runScanner(argv, local);
  const object = await storage.get(key);
  if (!object) return { outcome: "error", detail: "stored object missing" };
  const dir = await mkdtemp(path.join(os.tmpdir(), "scan-"));
  try {
    const copy = path.join(dir, "upload");
    await writeFile(copy, new Uint8Array(await new Response(object.stream).arrayBuffer()), { mode: 0o600 });
    return await runScanner(argv, copy);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const CHANGES = {
  clean: { status: "released", scanStatus: "clean" },
  infected: { status: "rejected", scanStatus: "infected" },
  error: { status: "quarantined", scanStatus: "error" },
} as const;

/**
 * Scans a newly stored (quarantined) file when FILE_SCAN_COMMAND is set: clean → released, infected → rejected,
 * scanner failure → stays quarantined with scan status "error" for an admin to decide. Returns the updated row, or
 * null when no scanner is configured (the file waits for an admin).
 */
export async function scanStoredFile(row: FileRow, meta: RequestMeta): Promise<FileRow | null> {
  const argv = scanCommand();
  if (!argv) return null;
  const result = await scanObject(fileStorage(), row.storedFilename, argv);
  const now = new Date();
  const change = CHANGES[result.outcome];
  const [updated] = await db()
    .update(files)
    .set({ ...change, updatedAt: now, ...(result.outcome === "clean" ? { verifiedAt: now } : {}) })
    // an infected verdict wins even over a release an admin made while the scan ran; other verdicts only settle a
    // file still waiting
    .where(and(eq(files.id, row.id), result.outcome === "infected" ? inArray(files.status, ["quarantined", "released"]) : eq(files.status, "quarantined")))
    .returning();
  const logResult = result.outcome === "clean" ? "success" : result.outcome === "infected" ? "blocked" : "failure";
  await logFileAccess({ fileId: row.id, action: "scan", result: logResult, userId: null, meta, metadata: { outcome: result.outcome, detail: result.detail } });
  await audit({
    action: "FILE_SCAN",
    targetType: "FILE",
    targetId: row.id,
    result: result.outcome === "clean" ? "SUCCESS" : result.outcome === "infected" ? "BLOCKED" : "FAILURE",
    meta,
    metadata: { outcome: result.outcome, detail: result.detail, status: change.status },
  });
  return updated ?? row;
}
