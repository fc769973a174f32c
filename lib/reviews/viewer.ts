import type { Principal } from "@/lib/auth/principal";

/** Who is reading reviews: decides visibility, has_voted and the author/admin-only fields. */
export type ReviewViewer = { userId: number | null; moderator: boolean };

export function reviewViewer(principal: Principal | null): ReviewViewer {
  return { userId: principal?.userId ?? null, moderator: principal?.permissions.has("reviews:moderate") ?? false };
}

/** The author and moderators see a review's private side (status reasons, the author's e-mail). */
export function seesPrivateFields(viewer: ReviewViewer, review: { customerId: number }): boolean {
  return viewer.moderator || (viewer.userId !== null && viewer.userId === review.customerId);
}
