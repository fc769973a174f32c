import type { ReviewStatus } from "./schemas";

export type ModerationDecision = "approved" | "rejected";

/**
 * Every moderation move: pending reviews are decided, an approved one can be taken down, a rejected one approved
 * on second thought. Anything else (the same state again) is a conflict. Edits go back to pending elsewhere.
 */
const MODERATION: Record<ReviewStatus, readonly ModerationDecision[]> = {
  pending: ["approved", "rejected"],
  approved: ["rejected"],
  rejected: ["approved"],
};

export function canModerate(from: ReviewStatus, to: ModerationDecision): boolean {
  return MODERATION[from].includes(to);
}
