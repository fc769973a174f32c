import { and, gt, isNull } from "drizzle-orm";
import { db } from "@/db/client";
import { ipBlocks } from "@/db/schema";
import { normalizeIp } from "./client-ip";

/** Active blocks (not lifted, not expired), as canonical addresses. */
export async function activeBlockedIps(): Promise<string[]> {
  const rows = await db()
    .select({ ip: ipBlocks.ip })
    .from(ipBlocks)
    .where(and(isNull(ipBlocks.liftedAt), gt(ipBlocks.expiresAt, new Date())));
  return [...new Set(rows.map((r) => normalizeIp(r.ip) ?? r.ip))];
}
