import "server-only";
import { and, inArray, lt, ne } from "drizzle-orm";
import { db } from "@/db/client";
import { webhookDeliveries } from "@/db/schema";
import { env } from "@/lib/env";

/**
 * Finished deliveries (succeeded or failed) older than WEBHOOK_RETENTION_DAYS leave the log, with their attempts,
 * a bounded batch per statement so no statement holds locks for long, batch after batch until one comes back short
 * (an hourly pass must keep up with any delivery rate). Pending ones are kept whatever their age.
 */
export async function pruneWebhookDeliveries(options: { now?: Date; batch?: number } = {}): Promise<number> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - env().WEBHOOK_RETENTION_DAYS * 86_400_000);
  const batch = options.batch ?? 1000;
  let total = 0;
  for (;;) {
    const old = db()
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(ne(webhookDeliveries.status, "pending"), lt(webhookDeliveries.completedAt, cutoff)))
      .limit(batch);
    const removed = await db()
      .delete(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, old))
      .returning({ id: webhookDeliveries.id });
    total += removed.length;
    if (removed.length < batch) return total;
  }
}
