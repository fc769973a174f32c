import { and, eq, isNull } from "drizzle-orm";
import { ipBlocks } from "@/db/schema";
import type { ActionKind } from "./types";

/**
 * Blocks an IP at the edge: an ip_blocks row, linked to the action, that every instance's middleware refuses within
 * a few seconds (signed poll of /api/internal/ip-blocks/) until it expires or is lifted.
 */
export const blockIp: ActionKind = {
  requiresApproval: false,
  capped: true,
  inTransaction: true,
  async run(database, row, ctx) {
    const expiresAt = row.expiresAt ?? new Date(ctx.now.getTime() + ctx.config.blockMinutes * 60_000);
    const [block] = await database
      .insert(ipBlocks)
      .values({ ip: row.target!, reason: row.explanation.slice(0, 1000), actionId: row.id, createdAt: ctx.now, expiresAt })
      .returning({ id: ipBlocks.id });
    return { message: `Blocked ${row.target} at the edge until ${expiresAt.toISOString()}.`, success: true, outcome: "done", metadata: { ip_block_id: block!.id } };
  },
  async undo(database, row, now) {
    const lifted = await database
      .update(ipBlocks)
      .set({ liftedAt: now })
      .where(and(eq(ipBlocks.actionId, row.id), isNull(ipBlocks.liftedAt)))
      .returning({ id: ipBlocks.id });
    return lifted.length ? `Block of ${row.target} lifted.` : `The block of ${row.target} was already lifted.`;
  },
};
