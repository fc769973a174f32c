import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as token } from "@/app/api/auth/token/route";
import { auditLog, loginThrottles, users } from "@/db/schema";
import { call, expectProblem } from "@/tests/helpers/http";
import { createUser, TEST_PASSWORD } from "@/tests/helpers/factories";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();
const from = (addr: string, forged?: string) => ({ "x-forwarded-for": forged ? `${forged}, ${addr}` : addr });

async function attempt(door: typeof login, email: string, password: string, addr: string, forged?: string) {
  return call(door, { method: "POST", path: door === login ? "/api/auth/login/" : "/api/auth/token/", headers: from(addr, forged), body: { email, password } });
}

describe("account lockout", () => {
  let victim: { id: number; email: string };
  beforeAll(async () => {
    victim = await createUser();
  });

  it("locks the account after 5 failures, even against the right password, with the same generic answer", async () => {
    // failures from five different IPs: the per-account lock, not the per-IP one
    for (let i = 1; i <= 5; i++) {
      const r = await attempt(login, victim.email, "wrong-password", `192.0.2.${i}`);
      expectProblem(r, 401);
      expect(r.body.detail).toBe("Invalid credentials.");
    }
    const locked = await attempt(login, victim.email, TEST_PASSWORD, "192.0.2.50");
    expectProblem(locked, 401);
    expect(locked.body.detail).toBe("Invalid credentials.");
    // the other door obeys the same lock
    expectProblem(await attempt(token, victim.email, TEST_PASSWORD, "192.0.2.51"), 401);
    const [row] = await t.db.select().from(users).where(eq(users.id, victim.id));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const lockRows = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "ACCOUNT_LOCKED"), eq(auditLog.targetId, String(victim.id))));
    expect(lockRows).toHaveLength(1);
  });

  it("recovers when the lock expires: one more failure does not re-lock, and success resets the count", async () => {
    await t.db.update(users).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(users.id, victim.id));
    expectProblem(await attempt(login, victim.email, "wrong-again", "192.0.2.60"), 401);
    const ok = await attempt(login, victim.email, TEST_PASSWORD, "192.0.2.61");
    expect(ok.status).toBe(200);
    const [row] = await t.db.select().from(users).where(eq(users.id, victim.id));
    expect(row!.failedLoginAttempts).toBe(0);
  });

  it("counts failures on /api/auth/token/ too", async () => {
    const u = await createUser();
    for (let i = 1; i <= 5; i++) await attempt(token, u.email, "nope-nope", `192.0.2.${100 + i}`);
    expectProblem(await attempt(login, u.email, TEST_PASSWORD, "192.0.2.120"), 401);
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const unknown = await attempt(login, "nobody-here@test.example", "whatever-pass", "192.0.2.130");
    const wrong = await attempt(login, (await createUser()).email, "whatever-pass", "192.0.2.131");
    expectProblem(unknown, 401);
    expectProblem(wrong, 401);
    expect({ ...unknown.body, request_id: null }).toEqual({ ...wrong.body, request_id: null });
  });
});

describe("client IP lockout", () => {
  it("locks an IP after 5 failures across accounts; other IPs are served; a forged X-Forwarded-For does not evade it", async () => {
    const attacker = "203.0.113.66";
    const accounts = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createUser()));
    for (let i = 0; i < 5; i++) {
      // the attacker rotates a forged left-hand X-Forwarded-For entry; the server-appended peer stays the key
      expectProblem(await attempt(login, accounts[i]!.email, "bad-password", attacker, `10.9.9.${i}`), 401);
    }
    const blocked = await attempt(login, accounts[5]!.email, TEST_PASSWORD, attacker, "1.1.1.1");
    expectProblem(blocked, 401);
    expect(blocked.body.detail).toBe("Invalid credentials.");
    const [throttle] = await t.db.select().from(loginThrottles).where(eq(loginThrottles.key, `ip:${attacker}`));
    expect(throttle!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect((await t.db.select().from(auditLog).where(and(eq(auditLog.action, "IP_LOCKED"), eq(auditLog.targetId, attacker))))).toHaveLength(1);
    // the audit log records the peer, never the forged entry
    const rows = await t.db.select({ ip: auditLog.ip }).from(auditLog).where(eq(auditLog.action, "LOGIN"));
    expect(rows.some((r) => r.ip?.startsWith("10.9.9."))).toBe(false);

    const elsewhere = await attempt(login, accounts[5]!.email, TEST_PASSWORD, "203.0.113.67");
    expect(elsewhere.status).toBe(200);
    // no account was locked by the IP attack (one failure each)
    const [u0] = await t.db.select().from(users).where(eq(users.id, accounts[0]!.id));
    expect(u0!.lockedUntil).toBeNull();
  });
});

describe("MFA accounts", () => {
  it("no door issues tokens without the second factor", async () => {
    const u = await createUser();
    await t.db.update(users).set({ mfaEnabled: true }).where(eq(users.id, u.id));
    const viaLogin = await attempt(login, u.email, TEST_PASSWORD, "192.0.2.200");
    expect(viaLogin.status).toBe(200);
    expect(viaLogin.body.mfa_required).toBe(true);
    expect(viaLogin.body).not.toHaveProperty("tokens");
    expect(viaLogin.text).not.toMatch(/"access"|"refresh"/);
    const viaToken = await attempt(token, u.email, TEST_PASSWORD, "192.0.2.201");
    expectProblem(viaToken, 401);
    expect(viaToken.body.mfa_required).toBe(true);
    expect(viaToken.text).not.toMatch(/"access"|"refresh"/);
  });
});
