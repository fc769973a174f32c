import { createRequire } from "node:module";

/**
 * Password rules at least as strong as the original's Django validators: 8 to 128 characters, not entirely
 * numeric, not one of 50,000 common passwords (Mozilla's list, package fxa-common-password-list), and not similar
 * to the user's own email, username or names — a check the original never ran because it passed no user.
 */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const require = createRequire(import.meta.url);
    const { Decoder } = (require("incremental-encoder") as { default: { Decoder: new () => { decode(lines: string[]): string[] } } }).default;
    const encoded = require("fxa-common-password-list/src/encoded-passwords.js") as string;
    common = new Set(new Decoder().decode(encoded.split("\n")).map((p) => p.toLowerCase()));
  }
  return common;
}

/** 2·LCS / (|a| + |b|): 1 for equal strings, 0 for strings with nothing in common. */
function similarity(a: string, b: string): number {
  if (!a.length || !b.length) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    prev = cur;
  }
  return (2 * prev[b.length]!) / (a.length + b.length);
}

export type PasswordContext = { email?: string; username?: string; firstName?: string; lastName?: string };

/** The problems with a password, as messages for the `password` field; empty when it is acceptable. */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push(`This password is too short. It must contain at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    problems.push(`This password is too long. It must contain at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
  if (/^\d+$/.test(password)) problems.push("This password is entirely numeric.");
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) problems.push("This password is too common.");
  const attributes = [context.email, context.email?.split("@")[0], context.username, context.firstName, context.lastName]
    .filter((v): v is string => Boolean(v && v.length >= 3))
    .map((v) => v.toLowerCase());
  for (const value of attributes) {
    const parts = [value, ...value.split(/\W+/).filter((p) => p.length >= 3)];
    if (parts.some((p) => similarity(lower, p) >= 0.7 || (p.length >= 4 && lower.includes(p) && p.length * 2 >= lower.length))) {
      problems.push("The password is too similar to your personal details.");
      break;
    }
  }
  return problems;
}
