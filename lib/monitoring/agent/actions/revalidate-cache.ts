import { isInsideNextServer } from "../runtime";
import type { ActionKind } from "./types";

/**
 * Revalidates Next.js's cached pages and data (revalidatePath("/", "layout")): the next visit renders afresh. It
 * frees the server's in-memory cache; it never touches rate-limit counters or sessions (the original's cache.clear()
 * wiped those). Only the Next.js server can do it, and only while handling a request (the manual trigger):
 * elsewhere the action is recorded as skipped.
 */
export const revalidateCache: ActionKind = {
  requiresApproval: false,
  capped: true,
  inTransaction: false,
  notUndoable: "A cache revalidation has nothing to undo: pages are simply rendered again.",
  async run() {
    if (!isInsideNextServer()) {
      return { message: "Skipped: not running inside the Next.js server (the command-line agent cannot revalidate its cache).", success: false, outcome: "skipped" };
    }
    const { revalidatePath } = await import("next/cache");
    try {
      revalidatePath("/", "layout");
    } catch {
      // Next.js revalidates only within a request (an admin's manual trigger), not from the scheduled loop
      return { message: "Skipped: Next.js can revalidate only while handling a request; trigger a cycle from the dashboard to do it.", success: false, outcome: "skipped" };
    }
    return { message: "Every cached page and data entry was revalidated.", success: true, outcome: "done" };
  },
};
