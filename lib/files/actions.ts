"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idParam } from "@/lib/catalog/schemas";
import { runUserAction, type ActionResult, type ActionState } from "@/lib/http/server-action";
import { reviewFile } from "./review-file";

/**
 * The admin quarantine queue's release/reject buttons: the same rules as POST /api/files/{id}/verify/ (reviewFile
 * re-hashes the stored bytes before a release, refuses infected files, audits and logs), with the same permission
 * and rate limit. Here a rejection needs a reason, so the record says why.
 */
const verifySchema = z.discriminatedUnion(
  "action",
  [
    z.strictObject({ file_id: idParam, action: z.literal("release") }),
    z.strictObject({
      file_id: idParam,
      action: z.literal("reject"),
      reason: z.string({ error: "Give a reason for rejecting the file." }).trim().min(1, "Give a reason for rejecting the file.").max(500, "The reason must be at most 500 characters."),
    }),
  ],
  { error: "Choose release or reject." },
);

/** The buttons' field is `decision` (a control named `action` would shadow the form's own `action` property). */
function formInput(formData: FormData): Record<string, unknown> {
  const action = formData.get("decision");
  return { file_id: formData.get("file_id"), action, ...(action === "reject" ? { reason: formData.get("reason") ?? "" } : {}) };
}

export async function reviewFileAction(_state: ActionState, formData: FormData): Promise<ActionResult> {
  return runUserAction(
    { schema: verifySchema, input: formInput(formData), permission: "files:manage", limits: ["files.verify"], context: "review file" },
    async ({ principal, input, meta }): Promise<ActionResult> => {
      const result = await reviewFile(principal, input.file_id, { action: input.action, reason: input.action === "reject" ? input.reason : "" }, meta);
      revalidatePath("/admin/files");
      return { ok: true, detail: `${result.file.original_filename}: ${input.action === "release" ? "released" : "rejected"}.` };
    },
  );
}
