import { desc, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { emailOutbox } from "@/db/schema";

/** The newest mail to an address, and the token of the link in it. */
export async function lastMailTo(address: string) {
  const [mail] = await db().select().from(emailOutbox).where(eq(emailOutbox.toAddress, address)).orderBy(desc(emailOutbox.id)).limit(1);
  if (!mail) throw new Error(`no mail to ${address}`);
  const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] ?? null;
  return { ...mail, token };
}
