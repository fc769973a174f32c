import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** The app writes every mail to <DATA_DIR>/outbox/<epoch ms>-<outbox id>.txt when no SMTP server is configured. */
export const OUTBOX_DIR = path.resolve(process.env.E2E_DATA_DIR ?? ".test-data/e2e", "outbox");

export type Mail = { file: string; to: string; subject: string; text: string; link: string };

function parse(file: string, raw: string): Omit<Mail, "link"> & { link: string | null } {
  const [head = "", ...body] = raw.split("\n\n");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "m").exec(head)?.[1]?.trim() ?? "";
  const text = body.join("\n\n");
  const url = /https?:\/\/\S+/.exec(text)?.[0];
  // path + query only: the test navigates with its own baseURL (the mail says APP_URL's origin)
  const link = url ? `${new URL(url).pathname}${new URL(url).search}` : null;
  return { file, to: header("To"), subject: header("Subject"), text, link };
}

function order(file: string): [number, number] {
  const [ms, id] = file.replace(/\.txt$/, "").split("-").map(Number);
  return [ms ?? 0, id ?? 0];
}

/**
 * Polls the outbox for the newest mail to `to` (optionally with this subject, written at or after `since`, an epoch
 * ms taken before the action that sends it) and returns it with the first link's path and query.
 */
export async function waitForMail(to: string, options: { subject?: string; since?: number; timeoutMs?: number } = {}): Promise<Mail> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const address = to.toLowerCase();
  for (;;) {
    const files = await readdir(OUTBOX_DIR).catch(() => [] as string[]);
    const candidates = files
      .filter((f) => f.endsWith(".txt") && order(f)[0] >= (options.since ?? 0))
      .sort((a, b) => order(b)[0] - order(a)[0] || order(b)[1] - order(a)[1]);
    for (const file of candidates) {
      const mail = parse(file, await readFile(path.join(OUTBOX_DIR, file), "utf8"));
      if (mail.to.toLowerCase() !== address) continue;
      if (options.subject && mail.subject !== options.subject) continue;
      if (!mail.link) throw new Error(`mail ${file} to ${to} has no link`);
      return { ...mail, link: mail.link };
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to}${options.subject ? ` with subject "${options.subject}"` : ""} in ${OUTBOX_DIR}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
