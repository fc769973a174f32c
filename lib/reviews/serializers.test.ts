import { describe, expect, it } from "vitest";
import type { ReviewRow } from "./queries";
import { customerDisplayName, serializeReview } from "./serializers";

const row: ReviewRow = {
  id: 7,
  customerId: 42,
  productId: 3,
  rating: 4,
  title: "Good",
  comment: "Works.",
  status: "rejected",
  rejectionReason: "Off topic",
  moderatedAt: new Date("2025-01-02T03:04:05Z"),
  helpfulCount: 2,
  createdAt: new Date("2025-01-01T00:00:00Z"),
  updatedAt: new Date("2025-01-01T00:00:00Z"),
  productName: "Lamp",
  productSku: "LAMP-1",
  customerEmail: "jane@example.test",
  customerUsername: "jane_d",
  customerFirstName: "Jane",
  customerLastName: "doe",
  isVerifiedPurchase: true,
  hasVoted: false,
};

describe("customerDisplayName", () => {
  it("uses the first name and the last initial, else the username", () => {
    expect(customerDisplayName({ firstName: "Jane", lastName: "doe", username: "u" })).toBe("Jane D.");
    expect(customerDisplayName({ firstName: "Jane", lastName: "", username: "u" })).toBe("Jane");
    expect(customerDisplayName({ firstName: "  ", lastName: "Doe", username: "jd_99" })).toBe("jd_99");
  });
});

describe("serializeReview", () => {
  it("shows the e-mail and rejection reason to the author", () => {
    const out = serializeReview(row, { userId: 42, moderator: false });
    expect(out).toMatchObject({ customer_email: "jane@example.test", rejection_reason: "Off topic", is_approved: false, customer_name: "Jane D." });
  });

  it("shows them to moderators", () => {
    expect(serializeReview(row, { userId: 1, moderator: true })).toHaveProperty("customer_email");
  });

  it("hides them from anyone else, signed in or not", () => {
    for (const viewer of [{ userId: 5, moderator: false }, { userId: null, moderator: false }]) {
      const out = serializeReview(row, viewer);
      expect(out).not.toHaveProperty("customer_email");
      expect(out).not.toHaveProperty("rejection_reason");
      expect(JSON.stringify(out)).not.toContain("jane@example.test");
    }
  });

  it("lists exactly the documented fields", () => {
    expect(Object.keys(serializeReview(row, { userId: 42, moderator: false })).sort()).toEqual(
      [
        "id", "customer", "customer_name", "customer_email", "product", "product_name", "product_sku", "rating", "title", "comment",
        "status", "is_approved", "rejection_reason", "moderated_at", "is_verified_purchase", "helpful_count", "has_voted", "created_at", "updated_at",
      ].sort(),
    );
  });
});
