import "server-only";
import { and, inArray, lt, ne } from "drizzle-orm";
import { db } from "@/db/client";
import { webhookDeliveries } from "@/db/schema";
import { env } from "@/lib/env";

/**
 * Finished deliveries (succeeded or failed) older than WEBHOOK_RETENTION_DAYS leave the log, with their attempts, a
 * bounded batch at a time so one pass never holds locks for long. Pending ones are kept whatever their age.
 */
export async function pruneWebhookDeliveries(options: { now?: Date; batch?: number } = {}): Promise<number> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - env().WEBHOOK_RETENTION_DAYS * 86_400_000);
  const old = db()
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(ne(webhookDeliveries.status, "pending"), lt(webhookDeliveries.completedAt, cutoff)))
    .limit(options.batch ?? 1000);
  const removed = await db()
    .delete(webhookDeliveries)
    .where(inArray(webhookDeliveries.id, old))
    .returning({ id: webhookDeliveries.id });
  return removed.length;
}
