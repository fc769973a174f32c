import { asc, gt } from "drizzle-orm";
import { db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { deriveKey } from "@/lib/auth/keys";
import { GENESIS_HASH, storedRowHash } from "./chain";

export type ChainReport = {
  ok: boolean;
  checked: number;
  /** Rows whose content no longer matches their hash, or whose link to the previous row is broken. */
  broken: { id: number; reason: "content_changed" | "link_broken" }[];
};

/** Recomputes the whole chain, oldest first, in batches. Names every row that was changed, removed or inserted. */
export async function verifyAuditChain(batchSize = 1000): Promise<ChainReport> {
  const broken: ChainReport["broken"] = [];
  let checked = 0;
  let previousHash = GENESIS_HASH;
  let cursor = 0;
  const key = await deriveKey("audit-chain");
  for (;;) {
    const rows = await db().select().from(auditLog).where(gt(auditLog.id, cursor)).orderBy(asc(auditLog.id)).limit(batchSize);
    if (!rows.length) break;
    for (const row of rows) {
      checked++;
      const expected = storedRowHash(row, key);
      if (expected !== row.hash) broken.push({ id: row.id, reason: "content_changed" });
      else if (row.prevHash !== previousHash) broken.push({ id: row.id, reason: "link_broken" });
      previousHash = row.hash;
      cursor = row.id;
    }
  }
  return { ok: broken.length === 0, checked, broken };
}
