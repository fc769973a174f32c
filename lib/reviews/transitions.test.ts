import { describe, expect, it } from "vitest";
import { canModerate } from "./transitions";

describe("review moderation transitions", () => {
  it("allows deciding, taking down and reinstating", () => {
    expect(canModerate("pending", "approved")).toBe(true);
    expect(canModerate("pending", "rejected")).toBe(true);
    expect(canModerate("approved", "rejected")).toBe(true);
    expect(canModerate("rejected", "approved")).toBe(true);
  });

  it("refuses a move to the state the review is already in", () => {
    expect(canModerate("approved", "approved")).toBe(false);
    expect(canModerate("rejected", "rejected")).toBe(false);
  });
});
