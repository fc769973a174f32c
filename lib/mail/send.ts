import { eq } from "drizzle-orm";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createTransport, type Transporter } from "nodemailer";
import { db } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";

let transport: Transporter | undefined;

/**
 * Every mail is recorded in the outbox table. With SMTP_URL set it is also sent, and the row says whether that
 * worked; without, it is also written to <DATA_DIR>/outbox/, where a developer (and the e2e tests) read it. A failure is logged, never thrown:
 * callers (password reset) must answer the same whether or not a mail went out.
 */
export async function sendMail(message: { to: string; subject: string; text: string }): Promise<void> {
  const [row] = await db()
    .insert(emailOutbox)
    .values({ toAddress: message.to, subject: message.subject, body: message.text })
    .returning({ id: emailOutbox.id });
  const e = env();
  if (!e.SMTP_URL) {
    // the developer's outbox: one text file per mail under <DATA_DIR>/outbox (the e2e suite reads it too)
    const dir = path.resolve(e.DATA_DIR, "outbox");
    await mkdir(dir, { recursive: true });
    const name = `${Date.now()}-${row!.id}.txt`;
    await writeFile(path.join(dir, name), `To: ${message.to}\nSubject: ${message.subject}\n\n${message.text}`, { mode: 0o600 });
    return;
  }
  // delivered after the caller has answered: SMTP latency must not tell whether an account exists
  void deliver(e.SMTP_URL, e.MAIL_FROM, row!.id, message);
}

async function deliver(smtpUrl: string, from: string, outboxId: number, message: { to: string; subject: string; text: string }): Promise<void> {
  try {
    transport ??= createTransport(smtpUrl);
    await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    await db().update(emailOutbox).set({ sentAt: new Date() }).where(eq(emailOutbox.id, outboxId));
  } catch (error) {
    log.error("mail delivery failed", { outbox_id: outboxId, ...errorFields(error) });
    await db()
      .update(emailOutbox)
      .set({ error: error instanceof Error ? error.message.slice(0, 500) : "delivery failed" })
      .where(eq(emailOutbox.id, outboxId))
      .catch(() => {});
  }
}
