import { and, eq, sql } from "drizzle-orm";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as token } from "@/app/api/auth/token/route";
import { POST as disable } from "@/app/api/auth/totp/disable/route";
import { POST as regenerate } from "@/app/api/auth/totp/recovery-codes/route";
import { POST as setup } from "@/app/api/auth/totp/setup/route";
import { POST as verify } from "@/app/api/auth/totp/verify/route";
import { auditLog, authTokens, loginThrottles, recoveryCodes, sessions, totpSecrets, users } from "@/db/schema";
import { authenticatePassword } from "@/lib/auth/authenticate";
import { totpSettings, verifySecondFactor } from "@/lib/auth/second-factor";
import { sha256Hex } from "@/lib/auth/tokens";
import { totpCode } from "@/lib/auth/totp";
import { bearerFor } from "@/tests/helpers/auth";
import { createUser, TEST_PASSWORD } from "@/tests/helpers/factories";
import { call, expectProblem, type CallResult } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();

type Handler = Parameters<typeof call>[0];
type Body = Record<string, unknown>;
const PATHS = new Map<Handler, string>([
  [login, "/api/auth/login/"],
  [token, "/api/auth/token/"],
  [setup, "/api/auth/totp/setup/"],
  [verify, "/api/auth/totp/verify/"],
  [regenerate, "/api/auth/totp/recovery-codes/"],
  [disable, "/api/auth/totp/disable/"],
]);
const post = (handler: Handler, body: unknown, headers: Record<string, string> = {}) =>
  call<Body>(handler, { method: "POST", path: PATHS.get(handler)!, body, headers });

/** A valid code `offset` steps from now (the server accepts ±1 step; each step is good once). */
const codeAt = (secret: string, offset = 0) => totpCode(secret, Date.now() + offset * totpSettings().period * 1000, totpSettings());
/** A code that is wrong for every step the server accepts now. */
function wrongCode(secret: string): string {
  const valid = new Set([-1, 0, 1].map((o) => codeAt(secret, o)));
  let n = 0;
  while (valid.has(String(n).padStart(6, "0"))) n++;
  return String(n).padStart(6, "0");
}

/** A user with TOTP on, through the API: setup, then verify with the current code. */
async function enrol() {
  const user = await createUser();
  const auth = await bearerFor(user);
  const set = await post(setup, {}, auth.headers);
  expect(set.status).toBe(200);
  const secret = set.body.secret as string;
  const on = await post(verify, { code: codeAt(secret) }, auth.headers);
  expect(on.status).toBe(200);
  return { user, auth, secret, recovery: on.body.recovery_codes as string[] };
}

async function passwordStep(email: string, headers: Record<string, string> = {}) {
  const res = await post(login, { email, password: TEST_PASSWORD }, headers);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ mfa_required: true });
  expect(res.body).not.toHaveProperty("tokens");
  return res.body.mfa_token as string;
}

function expectSignedIn(res: CallResult<Body>, amr: string[]) {
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ message: "Login successful.", mfa_required: false });
  const tokens = res.body.tokens as { access: string; refresh: string };
  expect(decodeJwt(tokens.access).amr).toEqual(amr);
  return tokens;
}

describe("TOTP enrolment and sign-in", () => {
  it("setup → verify → two-step login → tokens whose amr records otp and mfa; the secret leaves only once, encrypted at rest", async () => {
    const user = await createUser();
    const auth = await bearerFor(user);
    const seen: CallResult<Body>[] = [];
    const set = await post(setup, {}, auth.headers);
    expect(set.status).toBe(200);
    const secret = set.body.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(String(set.body.qr_code)).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const uri = new URL(String(set.body.uri));
    expect(uri.protocol).toBe("otpauth:");
    expect(decodeURIComponent(uri.href)).toContain(`totp/Secure Shop:${user.email}`);
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Secure Shop");
    expect(set.body).toHaveProperty("instructions");
    expect(set.body).toHaveProperty("message");

    const [stored] = await t.db.select().from(totpSecrets).where(eq(totpSecrets.userId, user.id));
    expect(stored!.status).toBe("pending");
    const raw = Buffer.from(stored!.secretEncrypted);
    expect(raw.length).toBe(12 + 32 + 16);
    expect(raw.toString("latin1")).not.toContain(secret);
    expect((await t.db.select().from(users).where(eq(users.id, user.id)))[0]!.mfaEnabled).toBe(false);

    const on = await post(verify, { code: codeAt(secret) }, auth.headers);
    seen.push(on);
    expect(on.body).toMatchObject({ mfa_enabled: true });
    const codes = on.body.recovery_codes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    const hashes = await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(hashes).toHaveLength(10);
    for (const h of hashes) {
      expect(h.codeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(codes.some((c) => h.codeHash.includes(c.replace(/-/g, "")))).toBe(false);
    }
    expect((await t.db.select().from(users).where(eq(users.id, user.id)))[0]!.mfaEnabled).toBe(true);
    expectProblem(await post(verify, { code: codeAt(secret, 1) }, auth.headers), 400);

    const step1 = await post(login, { email: user.email, password: TEST_PASSWORD });
    seen.push(step1);
    expect(step1.body).toEqual({ message: "MFA verification required.", mfa_required: true, mfa_token: expect.stringMatching(/^[\w-]{43}$/) });
    // stored hashed, bound to the user
    const [row] = await t.db.select().from(authTokens).where(eq(authTokens.tokenHash, sha256Hex(step1.body.mfa_token as string)));
    expect(row).toMatchObject({ userId: user.id, purpose: "mfa_login", usedAt: null });
    expect(row!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);

    const step2 = await post(login, { mfa_token: step1.body.mfa_token, totp_code: codeAt(secret, 1) });
    seen.push(step2);
    const tokens = expectSignedIn(step2, ["pwd", "otp", "mfa"]);
    expect(step2.body.user).toMatchObject({ id: user.id, email: user.email, mfa_enabled: true });
    const [session] = await t.db.select().from(sessions).where(eq(sessions.id, String(decodeJwt(tokens.access).sid)));
    expect(session!.amr).toEqual(["pwd", "otp", "mfa"]);
    seen.push(await call<Body>(me, { path: "/api/auth/me/", headers: { authorization: `Bearer ${tokens.access}` } }));

    // the token was single use
    const again = await post(login, { mfa_token: step1.body.mfa_token, totp_code: codeAt(secret, 1) });
    expectProblem(again, 401);
    seen.push(again);
    for (const res of seen) expect(res.text).not.toContain(secret);
  });

  it("accepts the original's single call on /api/auth/login/ and /api/auth/token/; neither issues tokens without the code", async () => {
    const a = await enrol();
    const single = await post(login, { email: a.user.email, password: TEST_PASSWORD, totp_code: codeAt(a.secret, 1) });
    expectSignedIn(single, ["pwd", "otp", "mfa"]);

    const b = await enrol();
    const refused = await post(token, { email: b.user.email, password: TEST_PASSWORD });
    expectProblem(refused, 401);
    expect(refused.body.mfa_required).toBe(true);
    expect(refused.text).not.toMatch(/"access"|"refresh"|mfa_token/);
    const issued = await post(token, { email: b.user.email, password: TEST_PASSWORD, totp_code: codeAt(b.secret, 1) });
    expect(issued.status).toBe(200);
    expect(Object.keys(issued.body).sort()).toEqual(["access", "refresh"]);
    expect(decodeJwt(String(issued.body.access)).amr).toEqual(["pwd", "otp", "mfa"]);
    expectProblem(await post(token, { email: b.user.email, password: TEST_PASSWORD, totp_code: wrongCode(b.secret) }), 401);
    expectProblem(await post(token, { email: b.user.email, password: TEST_PASSWORD, recovery_code: b.recovery[0] }), 400);
  });

  it("refuses a replayed code (and an older one), 401, and audits it", async () => {
    const { user, secret } = await enrol();
    const code = codeAt(secret, 1);
    expectSignedIn(await post(login, { email: user.email, password: TEST_PASSWORD, totp_code: code }), ["pwd", "otp", "mfa"]);
    const replay = await post(login, { mfa_token: await passwordStep(user.email), totp_code: code });
    expectProblem(replay, 401);
    expect(replay.body.detail).toBe("Invalid credentials.");
    expectProblem(await post(login, { email: user.email, password: TEST_PASSWORD, totp_code: codeAt(secret, 0) }), 401);
    const rows = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "LOGIN"), eq(auditLog.result, "FAILURE"), eq(auditLog.targetId, String(user.id))));
    expect(rows.map((r) => r.metadata)).toEqual([
      expect.objectContaining({ reason: "bad_second_factor", factor: "otp", factor_reason: "replayed" }),
      expect.objectContaining({ reason: "bad_second_factor", factor: "otp", factor_reason: "replayed" }),
    ]);
  });

  it("two racing uses of one TOTP code or one recovery code: exactly one wins", async () => {
    const { user, secret, recovery } = await enrol();
    const code = codeAt(secret, 1);
    const otp = await Promise.all([1, 2, 3].map(() => post(login, { email: user.email, password: TEST_PASSWORD, totp_code: code })));
    expect(otp.map((r) => r.status).sort()).toEqual([200, 401, 401]);
    // one user has one outstanding mfa_token at a time, so the recovery race is run on the service itself
    const rec = await Promise.all([1, 2, 3].map(() => verifySecondFactor(user.id, { recovery_code: recovery[0] })));
    expect(rec.filter((r) => r.ok)).toHaveLength(1);
  });

  it("counts wrong codes towards the account lockout even though each password step was right: 5 → locked", async () => {
    const { user, secret } = await enrol();
    for (let i = 1; i <= 5; i++) {
      // a new IP each time: this is the account lock, not the IP lock
      const from = { "x-forwarded-for": `192.0.2.${10 + i}` };
      expectProblem(await post(login, { mfa_token: await passwordStep(user.email, from), totp_code: wrongCode(secret) }, from), 401);
    }
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, "ACCOUNT_LOCKED"), eq(auditLog.targetId, String(user.id))))).toHaveLength(1);
    // locked: even the right password and a right code get the generic refusal, and no mfa_token
    const locked = await post(login, { email: user.email, password: TEST_PASSWORD }, { "x-forwarded-for": "192.0.2.30" });
    expectProblem(locked, 401);
    expectProblem(await post(login, { email: user.email, password: TEST_PASSWORD, totp_code: codeAt(secret, 1) }, { "x-forwarded-for": "192.0.2.31" }), 401);
  });

  it("wrong codes on the management endpoints count too (account and IP) and are audited", async () => {
    const user = await createUser();
    const auth = await bearerFor(user);
    const secret = (await post(setup, {}, auth.headers)).body.secret as string;
    const from = { ...auth.headers, "x-forwarded-for": "198.51.100.77" };
    const bad = await post(verify, { code: wrongCode(secret) }, from);
    expectProblem(bad, 400);
    expect(bad.body.errors).toEqual({ code: ["Invalid TOTP code. Please try again."] });
    expect((await t.db.select().from(users).where(eq(users.id, user.id)))[0]!.failedLoginAttempts).toBe(1);
    expect((await t.db.select().from(loginThrottles).where(eq(loginThrottles.key, "ip:198.51.100.77")))[0]!.failures).toBe(1);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, "TOTP_VERIFY"), eq(auditLog.result, "FAILURE")))).toHaveLength(1);
    // once locked, no code is even checked
    await t.db.update(users).set({ lockedUntil: sql`now() + interval '15 minutes'` }).where(eq(users.id, user.id));
    expectProblem(await post(verify, { code: codeAt(secret) }, auth.headers), 429);
  });

  it("a recovery code signs in once (amr recovery); case and dashes do not matter", async () => {
    const { user, recovery } = await enrol();
    expectSignedIn(await post(login, { mfa_token: await passwordStep(user.email), recovery_code: recovery[0] }), ["pwd", "recovery", "mfa"]);
    expectProblem(await post(login, { mfa_token: await passwordStep(user.email), recovery_code: recovery[0] }), 401);
    const loose = recovery[1]!.toUpperCase().replace(/-/g, " ");
    expectSignedIn(await post(login, { mfa_token: await passwordStep(user.email), recovery_code: loose }), ["pwd", "recovery", "mfa"]);
    const used = await t.db.select().from(recoveryCodes).where(and(eq(recoveryCodes.userId, user.id), sql`${recoveryCodes.usedAt} is not null`));
    expect(used).toHaveLength(2);
  });

  it("regenerating recovery codes needs a current TOTP code; the old set stops working", async () => {
    const { user, auth, secret, recovery } = await enrol();
    expectProblem(await post(regenerate, { code: recovery[0] }, auth.headers), 400);
    expectProblem(await post(regenerate, { code: wrongCode(secret) }, auth.headers), 400);
    const res = await post(regenerate, { code: codeAt(secret, 1) }, auth.headers);
    expect(res.status).toBe(200);
    const fresh = res.body.recovery_codes as string[];
    expect(fresh).toHaveLength(10);
    expect(res.text).not.toContain(secret);
    expectProblem(await post(login, { mfa_token: await passwordStep(user.email), recovery_code: recovery[2] }), 401);
    expectSignedIn(await post(login, { mfa_token: await passwordStep(user.email), recovery_code: fresh[0] }), ["pwd", "recovery", "mfa"]);
  });

  it("disabling needs the password and a code (TOTP or recovery) and clears everything", async () => {
    const { user, auth, secret, recovery } = await enrol();
    const noCode = await post(disable, { password: TEST_PASSWORD }, auth.headers);
    expectProblem(noCode, 400);
    expect(noCode.body.errors).toHaveProperty("code");
    const badPassword = await post(disable, { password: "not-my-password", code: codeAt(secret, 1) }, auth.headers);
    expectProblem(badPassword, 400);
    expect(badPassword.body.errors).toHaveProperty("password");
    const badCode = await post(disable, { password: TEST_PASSWORD, code: wrongCode(secret) }, auth.headers);
    expectProblem(badCode, 400);
    expect(badCode.body.errors).toHaveProperty("code");
    const off = await post(disable, { password: TEST_PASSWORD, code: recovery[3] }, auth.headers);
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ message: "MFA disabled successfully.", mfa_enabled: false });
    expect(await t.db.select().from(totpSecrets).where(eq(totpSecrets.userId, user.id))).toHaveLength(0);
    expect(await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).toHaveLength(0);
    expectSignedIn(await post(login, { email: user.email, password: TEST_PASSWORD }), ["pwd"]);
    expectProblem(await post(disable, { password: TEST_PASSWORD, code: codeAt(secret, 1) }, auth.headers), 400);
  });

  it("setting up again replaces a pending secret; replacing an enabled one needs a current code", async () => {
    const user = await createUser();
    const auth = await bearerFor(user);
    const first = (await post(setup, {}, auth.headers)).body.secret as string;
    const second = (await post(setup, {}, auth.headers)).body.secret as string;
    expect(second).not.toBe(first);
    expectProblem(await post(verify, { code: codeAt(first) }, auth.headers), 400);
    expect((await post(verify, { code: codeAt(second) }, auth.headers)).status).toBe(200);

    const bare = await post(setup, {}, auth.headers);
    expectProblem(bare, 400);
    expect(bare.body.errors).toHaveProperty("code");
    expectProblem(await post(setup, { code: wrongCode(second) }, auth.headers), 400);
    const replaced = await post(setup, { code: codeAt(second, 1) }, auth.headers);
    expect(replaced.status).toBe(200);
    const third = replaced.body.secret as string;
    expect((await post(verify, { code: codeAt(third) }, auth.headers)).status).toBe(200);
    expectProblem(await post(login, { email: user.email, password: TEST_PASSWORD, totp_code: codeAt(second, 1) }), 401);
    expectSignedIn(await post(login, { email: user.email, password: TEST_PASSWORD, totp_code: codeAt(third, 1) }), ["pwd", "otp", "mfa"]);
  });
});

describe("the mfa_token", () => {
  it("expires, is bound to its door and to the password that was checked", async () => {
    const { user, secret } = await enrol();
    const expired = await passwordStep(user.email);
    await t.db.update(authTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(authTokens.tokenHash, sha256Hex(expired)));
    expectProblem(await post(login, { mfa_token: expired, totp_code: codeAt(secret, 1) }), 401);

    const browser = await authenticatePassword({ email: user.email, password: TEST_PASSWORD, door: "browser", meta: { ip: null, userAgent: "vitest", requestId: null } });
    expect(browser).toMatchObject({ ok: false, reason: "mfa_required", mfaToken: expect.any(String) });
    const browserToken = (browser as { mfaToken: string }).mfaToken;
    expectProblem(await post(login, { mfa_token: browserToken, totp_code: codeAt(secret, 1) }), 401);

    const stale = await passwordStep(user.email);
    await t.db.update(users).set({ passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$c29tZWhhc2g" }).where(eq(users.id, user.id));
    expectProblem(await post(login, { mfa_token: stale, totp_code: codeAt(secret, 1) }), 401);
    const reasons = await t.db.select({ m: auditLog.metadata }).from(auditLog).where(and(eq(auditLog.action, "LOGIN"), eq(auditLog.result, "FAILURE")));
    expect(reasons.map((r) => (r.m as { reason: string }).reason)).toEqual(expect.arrayContaining(["invalid_mfa_token", "stale_mfa_token"]));
  });
});

describe("the endpoints' contract", () => {
  const endpoints = [setup, verify, regenerate, disable];

  it("401 without a principal, in the problem shape", async () => {
    for (const e of endpoints) {
      const res = await post(e, { code: "123456", password: "x" });
      expectProblem(res, 401);
    }
  });

  it("400 naming the fields for bad bodies", async () => {
    const { auth } = await bearerFor(await createUser()).then((a) => ({ auth: a }));
    const cases: [Handler, unknown, string[]][] = [
      [setup, { foo: 1 }, ["foo"]],
      [setup, { code: "abc" }, ["code"]],
      [verify, {}, ["code"]],
      [verify, { code: "12345a" }, ["code"]],
      [verify, { code: "123456", extra: true }, ["extra"]],
      [verify, { code: 123456 }, ["code"]],
      [regenerate, {}, ["code"]],
      [disable, {}, ["code", "password"]],
      [disable, { password: "x", code: "!!" }, ["code"]],
      [login, {}, ["email", "password"]],
      [login, { mfa_token: "short" }, ["mfa_token", "totp_code"]],
      [login, { mfa_token: "a".repeat(43), email: "a@b.example", totp_code: "123456" }, ["email"]],
      [login, { mfa_token: "a".repeat(43), totp_code: "123456", recovery_code: "aaaa-bbbb-cccc" }, ["recovery_code"]],
      [login, { email: "a@b.example", password: "x", recovery_code: "aaaa-bbbb-cccc" }, ["recovery_code"]],
      [login, { email: "a@b.example", password: "x", totp_code: ["123456"] }, ["totp_code"]],
      [token, { email: "a@b.example", password: "x", totp_code: "12" }, ["totp_code"]],
    ];
    for (const [handler, body, fields] of cases) {
      const res = await post(handler, body, auth.headers);
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors as object).sort(), JSON.stringify(body)).toEqual(fields);
    }
  });

  it("400 for the wrong state: verify before setup, disable or regenerate while MFA is off", async () => {
    const auth = await bearerFor(await createUser());
    const verifyFirst = await post(verify, { code: "123456" }, auth.headers);
    expectProblem(verifyFirst, 400);
    expect(verifyFirst.body.detail).toBe("TOTP secret not found. Please set up TOTP first.");
    expectProblem(await post(disable, { password: TEST_PASSWORD, code: "123456" }, auth.headers), 400);
    expectProblem(await post(regenerate, { code: "123456" }, auth.headers), 400);
  });
});
