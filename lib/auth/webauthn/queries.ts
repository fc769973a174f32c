import "server-only";
import { desc, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { webauthnCredentials } from "@/db/schema";

/** The user's passkeys, newest first (at most 100: far more than anyone registers). */
export function listPasskeys(userId: number) {
  return db()
    .select()
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, userId))
    .orderBy(desc(webauthnCredentials.createdAt), desc(webauthnCredentials.id))
    .limit(100);
}

/** `{id, transports}` of the user's passkeys, for excludeCredentials / allowCredentials. */
export async function passkeyDescriptors(userId: number): Promise<{ id: string; transports: string[] }[]> {
  const rows = await db()
    .select({ id: webauthnCredentials.credentialId, transports: webauthnCredentials.transports })
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, userId))
    .limit(100);
  return rows;
}
