import { randomInt } from "node:crypto";
import { and, count, eq, isNull } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { recoveryCodes } from "@/db/schema";
import { sha256Hex } from "./tokens";

/**
 * One-time recovery codes: shown once, stored only as SHA-256 hashes, each usable once. 12 characters from an
 * alphabet without look-alikes (0/o, 1/l/i) ≈ 59 bits, so a code cannot be guessed within the lockout.
 */

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const LENGTH = 12;

/** What users type: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, "");
}

// the user id is part of the hashed text: equal codes of two users never share a hash
function hashCode(userId: number, code: string): string {
  return sha256Hex(`recovery:${userId}:${normalizeRecoveryCode(code)}`);
}

function newCode(): string {
  let raw = "";
  for (let i = 0; i < LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return raw.match(/.{4}/g)!.join("-");
}

/** Replaces every code of the user (used or not) by a fresh set; returns the plaintext codes, never stored. */
export async function replaceRecoveryCodes(database: DbOrTx, userId: number): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newCode());
  await database.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await database.insert(recoveryCodes).values([...codes].map((code) => ({ userId, codeHash: hashCode(userId, code) })));
  return [...codes];
}

export async function deleteRecoveryCodes(database: DbOrTx, userId: number): Promise<void> {
  await database.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** Spends one code in a single conditional write: of two racing uses of the same code, exactly one wins. */
export async function consumeRecoveryCode(database: DbOrTx, userId: number, code: string): Promise<boolean> {
  const rows = await database
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashCode(userId, code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

export async function remainingRecoveryCodes(userId: number): Promise<number> {
  const [row] = await db()
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}
