import { describe, expect, it } from "vitest";
import { passwordProblems } from "./password-policy";

describe("password policy", () => {
  it("accepts a long, uncommon password unrelated to the user", () => {
    expect(passwordProblems("Tangerine-Orbit-42!", { email: "ana@example.com", username: "ana" })).toEqual([]);
  });

  it("refuses short, long, numeric and common passwords", () => {
    expect(passwordProblems("Ab1!")).toEqual([expect.stringMatching(/too short/)]);
    expect(passwordProblems("x".repeat(129)).join()).toMatch(/too long/);
    expect(passwordProblems("8675309412").join()).toMatch(/entirely numeric/);
    expect(passwordProblems("password1").join()).toMatch(/too common/);
    expect(passwordProblems("Qwertyuiop").join()).toMatch(/too common/); // case-insensitive
  });

  it("refuses passwords similar to the user's own details", () => {
    const ctx = { email: "margaret.hamilton@example.com", username: "mhamilton", firstName: "Margaret", lastName: "Hamilton" };
    expect(passwordProblems("Margaret.Hamilton", ctx).join()).toMatch(/too similar/);
    expect(passwordProblems("mhamilton99", ctx).join()).toMatch(/too similar/);
    expect(passwordProblems("Lunar-Module-Apollo-11", ctx)).toEqual([]);
  });
});
