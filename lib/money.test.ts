import { describe, expect, it } from "vitest";
import { formatCents, moneyString, toCents } from "./money";

describe("money", () => {
  it("parses amounts exactly into cents", () => {
    expect(toCents("12.50")).toBe(1250);
    expect(toCents("12.5")).toBe(1250);
    expect(toCents("0.01")).toBe(1);
    expect(toCents("9999999999.99")).toBe(999_999_999_999);
    // 0.1 + 0.2 style errors cannot happen: 19.99 * 3 in cents is exact
    expect(toCents("19.99") * 3).toBe(5997);
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["", "1.234", "-1", "1e3", "abc", "12,50", " . "]) expect(() => toCents(bad)).toThrow(RangeError);
  });

  it("formats cents with two decimals", () => {
    expect(formatCents(1250)).toBe("12.50");
    expect(formatCents(5)).toBe("0.05");
    expect(formatCents(-5)).toBe("-0.05");
    expect(moneyString("7.1")).toBe("7.10");
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });
});
