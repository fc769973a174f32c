import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as authComplete } from "@/app/api/auth/webauthn/authenticate/complete/route";
import { POST as authStart } from "@/app/api/auth/webauthn/authenticate/start/route";
import { PATCH as rename } from "@/app/api/auth/webauthn/credentials/[id]/route";
import { GET as listCredentials } from "@/app/api/auth/webauthn/credentials/route";
import { POST as regComplete } from "@/app/api/auth/webauthn/register/complete/route";
import { POST as regStart } from "@/app/api/auth/webauthn/register/start/route";
import { POST as revoke } from "@/app/api/auth/webauthn/revoke/route";
import { GET as me } from "@/app/api/auth/me/route";
import {
  auditLog,
  loginThrottles,
  sessions,
  users,
  webauthnChallenges,
  webauthnCredentials,
} from "@/db/schema";
import { verifyAccessToken } from "@/lib/auth/access-token";
import { bearerFor, cookieFor } from "@/tests/helpers/auth";
import { createUser } from "@/tests/helpers/factories";
import { call, expectProblem, type CallResult } from "@/tests/helpers/http";
import {
  FLAG,
  otherKey,
  SoftAuthenticator,
  type CeremonyOverrides,
} from "@/tests/helpers/soft-authenticator";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();

type StartBody = {
  message: string;
  options: Record<string, unknown> & { challenge: string };
  challenge_id: string;
};
type RegStartBody = StartBody & {
  options: {
    challenge: string;
    rp: { id: string; name: string };
    user: { id: string; name: string };
    excludeCredentials?: { id: string }[];
    authenticatorSelection: Record<string, string>;
  };
};
type Passkey = {
  id: number;
  name: string;
  authenticator_type: string;
  device_type: string;
  backed_up: boolean;
  transports: string[];
  created_at: string;
  last_used: string | null;
};
type Tokens = { access: string; refresh: string };

let ipCounter = 0;
/** A fresh client IP per call site, so per-IP lockouts of one test never touch another. */
const freshIp = () => `198.51.100.${++ipCounter}`;
const from = (ip: string) => ({ "x-forwarded-for": ip, "user-agent": "vitest-webauthn" });

async function registerPasskey(
  headers: Record<string, string>,
  auth: SoftAuthenticator,
  o: CeremonyOverrides = {},
  name?: string,
) {
  const start = await call<RegStartBody>(regStart, {
    method: "POST",
    path: "/api/auth/webauthn/register/start/",
    headers,
  });
  expect(start.status).toBe(200);
  const credential = auth.register(start.body.options, o);
  const done = await call<{ message: string; credential: Passkey }>(regComplete, {
    method: "POST",
    path: "/api/auth/webauthn/register/complete/",
    headers,
    body: { challenge_id: start.body.challenge_id, credential, ...(name ? { name } : {}) },
  });
  return { start, done };
}

/** A user with one registered passkey. */
async function userWithPasskey(options: { usesCounter?: boolean } = {}) {
  const user = await createUser();
  const auth = new SoftAuthenticator(undefined, undefined, options.usesCounter ?? true);
  const session = await bearerFor(user);
  const { done } = await registerPasskey(session.headers, auth, {}, "Laptop");
  expect(done.status).toBe(201);
  return { user, auth, session, passkey: done.body.credential };
}

async function startSignIn(ip: string, email?: string) {
  const res = await call<StartBody>(authStart, {
    method: "POST",
    path: "/api/auth/webauthn/authenticate/start/",
    headers: from(ip),
    body: email ? { email } : {},
  });
  expect(res.status).toBe(200);
  return res.body;
}

async function completeSignIn(
  ip: string,
  challengeId: string,
  credential: unknown,
): Promise<CallResult<{ message: string; user: { id: number; email: string }; tokens: Tokens }>> {
  return call(authComplete, {
    method: "POST",
    path: "/api/auth/webauthn/authenticate/complete/",
    headers: from(ip),
    body: { challenge_id: challengeId, credential },
  });
}

/** A sign-in attempt with one part of an otherwise valid assertion bent. */
async function attempt(auth: SoftAuthenticator, o: CeremonyOverrides = {}, ip = freshIp()) {
  const start = await startSignIn(ip);
  return completeSignIn(ip, start.challenge_id, auth.assert(start.options, o));
}

async function lastFailure(ip: string) {
  const [row] = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "LOGIN"), eq(auditLog.result, "FAILURE"), eq(auditLog.ip, ip)))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}

async function expectRefused(res: CallResult, ip: string, reason: string) {
  expectProblem(res, 401);
  expect(res.body.detail).toBe("Passkey sign-in failed.");
  expect(res.body).not.toHaveProperty("tokens");
  const row = await lastFailure(ip);
  expect(row?.metadata).toMatchObject({ door: "passkey", reason });
}

describe("registration", () => {
  it("start → complete stores the authenticator's public key, counter, transports and backup state", async () => {
    const user = await createUser();
    const auth = new SoftAuthenticator();
    const { headers } = await bearerFor(user);
    const { start, done } = await registerPasskey(headers, auth, {}, "My laptop");

    expect(start.body.options.rp).toEqual({ id: "localhost", name: "Secure Shop" });
    expect(start.body.options.user.name).toBe(user.email);
    // an opaque 32-byte handle, not the email or the database id
    expect(Buffer.from(start.body.options.user.id, "base64url")).toHaveLength(32);
    expect(start.body.options.authenticatorSelection).toMatchObject({
      residentKey: "preferred",
      userVerification: "required",
    });
    expect(start.body.options.excludeCredentials).toEqual([]);
    expect(start.body.challenge_id).toMatch(/^[0-9a-f-]{36}$/);

    expect(done.status).toBe(201);
    expect(done.body.message).toMatch(/registered/);
    expect(done.body.credential).toMatchObject({
      name: "My laptop",
      authenticator_type: "platform",
      device_type: "multiDevice",
      backed_up: true,
      transports: ["internal", "hybrid"],
      last_used: null,
    });
    expect(Object.keys(done.body.credential).sort()).toEqual([
      "authenticator_type",
      "backed_up",
      "created_at",
      "device_type",
      "id",
      "last_used",
      "name",
      "transports",
    ]);

    const [row] = await t.db
      .select()
      .from(webauthnCredentials)
      .where(eq(webauthnCredentials.userId, user.id));
    expect(row!.credentialId).toBe(auth.id);
    expect(Buffer.from(row!.publicKey).equals(auth.coseKey())).toBe(true);
    expect(row!.counter).toBe(0);

    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, user.id), sql`${auditLog.action} like 'WEBAUTHN_REGISTER_%'`));
    expect(audits.map((a) => `${a.action}:${a.result}`).sort()).toEqual([
      "WEBAUTHN_REGISTER_COMPLETE:SUCCESS",
      "WEBAUTHN_REGISTER_START:SUCCESS",
    ]);

    // the next ceremony excludes it; registering the same credential again is a conflict
    const again = await registerPasskey(headers, auth);
    expect(again.start.body.options.excludeCredentials?.map((c) => c.id)).toEqual([auth.id]);
    expectProblem(again.done, 409);
  });

  it("works with the browser session cookie too (same-origin)", async () => {
    const user = await createUser();
    const { headers } = await cookieFor(user);
    const { done } = await registerPasskey(headers, new SoftAuthenticator());
    expect(done.status).toBe(201);
    expect(done.body.credential.name).toBe("Passkey");
  });

  it.each([
    ["another challenge", { challenge: "bm90LXRoZS1jaGFsbGVuZ2U" }],
    ["another origin", { origin: "https://evil.example" }],
    ["another RP ID", { rpId: "evil.example" }],
    ["the wrong type", { type: "webauthn.get" }],
    ["no user verification", { flags: FLAG.UP | FLAG.AT }],
    ["a credential id that is not the attested one", { claimedId: "c29tZS1vdGhlci1pZA" }],
  ] as const)("refuses a response with %s (400, audited, nothing stored)", async (_label, overrides) => {
    const user = await createUser();
    const { headers } = await bearerFor(user);
    const { done } = await registerPasskey(headers, new SoftAuthenticator(), overrides);
    expectProblem(done, 400);
    expect(
      await t.db.select().from(webauthnCredentials).where(eq(webauthnCredentials.userId, user.id)),
    ).toHaveLength(0);
    const [row] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "WEBAUTHN_REGISTER_COMPLETE"), eq(auditLog.actorUserId, user.id)));
    expect(row?.result).toBe("FAILURE");
  });

  it("a challenge is single use and bound to the user it was issued to", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const a = await bearerFor(alice);
    const b = await bearerFor(bob);
    const start = await call<RegStartBody>(regStart, {
      method: "POST",
      path: "/api/auth/webauthn/register/start/",
      headers: a.headers,
    });
    const complete = (headers: Record<string, string>, auth: SoftAuthenticator) =>
      call(regComplete, {
        method: "POST",
        path: "/api/auth/webauthn/register/complete/",
        headers,
        body: { challenge_id: start.body.challenge_id, credential: auth.register(start.body.options) },
      });
    expectProblem(await complete(b.headers, new SoftAuthenticator()), 400);
    expect((await complete(a.headers, new SoftAuthenticator())).status).toBe(201);
    expectProblem(await complete(a.headers, new SoftAuthenticator()), 400);
  });

  it("needs a sign-in younger than 10 minutes", async () => {
    const user = await createUser();
    const session = await bearerFor(user);
    await t.db
      .update(sessions)
      .set({ createdAt: sql`now() - interval '11 minutes'` })
      .where(eq(sessions.id, session.sessionId));
    const res = await call(regStart, {
      method: "POST",
      path: "/api/auth/webauthn/register/start/",
      headers: session.headers,
    });
    expectProblem(res, 403);
    expect(res.body).toMatchObject({
      detail: "Sign in again to add or remove a passkey.",
      reauthentication_required: true,
    });
    await t.db
      .update(sessions)
      .set({ createdAt: sql`now() - interval '9 minutes'` })
      .where(eq(sessions.id, session.sessionId));
    expect(
      (
        await call(regStart, {
          method: "POST",
          path: "/api/auth/webauthn/register/start/",
          headers: session.headers,
        })
      ).status,
    ).toBe(200);
  });

  it("refuses anonymous callers (401) and bad input (400 naming the field)", async () => {
    expectProblem(await call(regStart, { method: "POST", path: "/api/auth/webauthn/register/start/" }), 401);
    expectProblem(
      await call(regComplete, { method: "POST", path: "/api/auth/webauthn/register/complete/", body: {} }),
      401,
    );
    const { headers } = await bearerFor(await createUser());
    const missing = await call(regComplete, {
      method: "POST",
      path: "/api/auth/webauthn/register/complete/",
      headers,
      body: { credential: {} },
    });
    expectProblem(missing, 400);
    expect(Object.keys(missing.body.errors as object)).toEqual(
      expect.arrayContaining(["challenge_id", "credential.id", "credential.response"]),
    );
    const extra = await call(regStart, {
      method: "POST",
      path: "/api/auth/webauthn/register/start/",
      headers,
      body: { user_id: 1 },
    });
    expectProblem(extra, 400);
    expect(extra.body.errors).toEqual({ user_id: ["Unknown field."] });
  });
});

describe("sign-in", () => {
  let alice: Awaited<ReturnType<typeof userWithPasskey>>;
  beforeAll(async () => {
    alice = await userWithPasskey();
  });

  it("usernameless: empty allowCredentials, then tokens for a session with amr [hwk, user]", async () => {
    const ip = freshIp();
    const start = await startSignIn(ip);
    expect(start.options).toMatchObject({
      rpId: "localhost",
      userVerification: "required",
      allowCredentials: [],
    });
    const res = await completeSignIn(ip, start.challenge_id, alice.auth.assert(start.options));
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: alice.user.id, email: alice.user.email });
    const claims = await verifyAccessToken(res.body.tokens.access);
    expect(claims?.amr).toEqual(["hwk", "user"]);
    expect(res.body.tokens.refresh).toEqual(expect.any(String));
    const [session] = await t.db.select().from(sessions).where(eq(sessions.id, claims!.sid));
    expect(session).toMatchObject({ userId: alice.user.id, kind: "api", amr: ["hwk", "user"] });
    expect(
      (
        await call(me, {
          path: "/api/auth/me/",
          headers: { authorization: `Bearer ${res.body.tokens.access}` },
        })
      ).status,
    ).toBe(200);

    const [passkey] = await t.db
      .select()
      .from(webauthnCredentials)
      .where(eq(webauthnCredentials.id, alice.passkey.id));
    expect(passkey!.counter).toBe(alice.auth.counter);
    expect(passkey!.lastUsedAt).not.toBeNull();
    const [login] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "LOGIN"), eq(auditLog.result, "SUCCESS"), eq(auditLog.ip, ip)));
    expect(login?.metadata).toMatchObject({ door: "passkey", amr: ["hwk", "user"] });
  });

  it("with an email hint: the account's passkeys in allowCredentials", async () => {
    const ip = freshIp();
    const start = await startSignIn(ip, alice.user.email.toUpperCase());
    expect(start.options.allowCredentials).toEqual([
      { id: alice.auth.id, type: "public-key", transports: ["internal", "hybrid"] },
    ]);
    const res = await completeSignIn(ip, start.challenge_id, alice.auth.assert(start.options));
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(alice.user.id);
  });

  it("an email-bound attempt cannot be answered by another account's passkey", async () => {
    const bob = await userWithPasskey();
    const ip = freshIp();
    const start = await startSignIn(ip, alice.user.email);
    await expectRefused(
      await completeSignIn(ip, start.challenge_id, bob.auth.assert(start.options)),
      ip,
      "challenge_for_other_account",
    );
  });

  it("answers an unknown email like a known account without passkeys, and like one with passkeys", async () => {
    const noPasskeys = await createUser();
    const ask = (email: string) =>
      call<StartBody>(authStart, {
        method: "POST",
        path: "/api/auth/webauthn/authenticate/start/",
        headers: from(freshIp()),
        body: { email },
      });
    const unknown = await ask("nobody-at-all@test.example");
    const known = await ask(noPasskeys.email);
    const withPasskeys = await ask(alice.user.email);
    type Descriptor = { id: string; type: string; transports: string[] };
    const descriptors = (res: CallResult<StartBody>) => res.body.options.allowCredentials as Descriptor[];
    for (const res of [unknown, known, withPasskeys]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(Object.keys(res.body).sort()).toEqual(["challenge_id", "message", "options"]);
      expect(Object.keys(res.body.options).sort()).toEqual(Object.keys(withPasskeys.body.options).sort());
      expect(res.body.message).toBe(withPasskeys.body.message);
      // one credential, same form: a decoy when there is no passkey to offer
      expect(descriptors(res)).toHaveLength(1);
      expect(descriptors(res)[0]).toEqual({
        id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        type: "public-key",
        transports: ["internal", "hybrid"],
      });
    }
    // the decoy is stable per email (asking twice does not give it away) and differs between emails
    expect(descriptors(await ask("NOBODY-at-all@test.example"))).toEqual(descriptors(unknown));
    expect(descriptors(known)[0]!.id).not.toBe(descriptors(unknown)[0]!.id);
    // and it never signs in
    const ip = freshIp();
    const start = await startSignIn(ip, "nobody-at-all@test.example");
    const decoy = new SoftAuthenticator();
    await expectRefused(
      await completeSignIn(
        ip,
        start.challenge_id,
        decoy.assert(start.options, { claimedId: descriptors(unknown)[0]!.id }),
      ),
      ip,
      "unknown_credential",
    );
  });

  it("a passkey is a complete multi-factor sign-in even for an account with MFA on", async () => {
    const bob = await userWithPasskey();
    await t.db.update(users).set({ mfaEnabled: true }).where(eq(users.id, bob.user.id));
    const res = await attempt(bob.auth);
    expect(res.status).toBe(200);
    expect((await verifyAccessToken(res.body.tokens.access))?.amr).toEqual(["hwk", "user"]);
  });

  it("an authenticator without a counter (always 0) keeps working", async () => {
    const carol = await userWithPasskey({ usesCounter: false });
    expect((await attempt(carol.auth)).status).toBe(200);
    expect((await attempt(carol.auth)).status).toBe(200);
  });

  describe("refused with 401, audited, counted for the IP lock", () => {
    it.each([
      ["a signature by another key", "bad_signature", () => ({ signWith: otherKey() })],
      ["a signature over other bytes", "bad_signature", () => ({ signOtherBytes: true })],
      ["another challenge", "verification_failed", () => ({ challenge: "YW5vdGhlci1jaGFsbGVuZ2UtdmFsdWU" })],
      ["another origin", "verification_failed", () => ({ origin: "https://evil.example" })],
      ["another RP ID hash", "verification_failed", () => ({ rpId: "evil.example" })],
      ["the registration type", "verification_failed", () => ({ type: "webauthn.create" })],
      ["no user verification", "verification_failed", () => ({ flags: FLAG.UP })],
      ["no user presence", "verification_failed", () => ({ flags: FLAG.UV })],
    ] as const)("%s", async (_label, reason, overrides) => {
      const ip = freshIp();
      await expectRefused(await attempt(alice.auth, overrides(), ip), ip, reason);
      // the failure counted towards the per-IP lockout
      const [throttle] = await t.db
        .select()
        .from(loginThrottles)
        .where(eq(loginThrottles.key, `ip:${ip}`));
      expect(throttle?.failures).toBe(1);
    });

    it("a reused challenge (the same assertion completed twice)", async () => {
      const ip = freshIp();
      const start = await startSignIn(ip);
      const assertion = alice.auth.assert(start.options);
      expect((await completeSignIn(ip, start.challenge_id, assertion)).status).toBe(200);
      await expectRefused(await completeSignIn(ip, start.challenge_id, assertion), ip, "challenge_invalid");
    });

    it("an expired challenge", async () => {
      const ip = freshIp();
      const start = await startSignIn(ip);
      await t.db
        .update(webauthnChallenges)
        .set({ expiresAt: sql`now() - interval '1 second'` })
        .where(eq(webauthnChallenges.id, start.challenge_id));
      await expectRefused(
        await completeSignIn(ip, start.challenge_id, alice.auth.assert(start.options)),
        ip,
        "challenge_invalid",
      );
    });

    it("a registration challenge used to sign in", async () => {
      const ip = freshIp();
      const reg = await call<RegStartBody>(regStart, {
        method: "POST",
        path: "/api/auth/webauthn/register/start/",
        headers: alice.session.headers,
      });
      await expectRefused(
        await completeSignIn(ip, reg.body.challenge_id, alice.auth.assert(reg.body.options)),
        ip,
        "challenge_invalid",
      );
    });

    it("a counter that did not increase: a possible cloned key", async () => {
      const ip = freshIp();
      const [row] = await t.db
        .select()
        .from(webauthnCredentials)
        .where(eq(webauthnCredentials.id, alice.passkey.id));
      const stored = row!.counter;
      expect(stored).toBeGreaterThan(0);
      await expectRefused(await attempt(alice.auth, { counter: stored }, ip), ip, "counter_regression");
      await expectRefused(await attempt(alice.auth, { counter: 0 }, ip), ip, "counter_regression");
      const rows = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "PASSKEY_COUNTER_REGRESSION"), eq(auditLog.ip, ip)));
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        result: "BLOCKED",
        targetType: "PASSKEY",
        targetId: String(alice.passkey.id),
      });
      expect(rows[0]!.metadata).toMatchObject({ stored_counter: stored, received_counter: stored });
      // the stored counter did not move; the genuine authenticator still signs in
      expect((await attempt(alice.auth)).status).toBe(200);
    });

    it("an unknown credential", async () => {
      const ip = freshIp();
      await expectRefused(await attempt(new SoftAuthenticator(), {}, ip), ip, "unknown_credential");
    });

    it("a revoked credential", async () => {
      const dave = await userWithPasskey();
      const res = await call(revoke, {
        method: "POST",
        path: "/api/auth/webauthn/revoke/",
        headers: dave.session.headers,
        body: { credential_id: dave.passkey.id },
      });
      expect(res.status).toBe(200);
      const ip = freshIp();
      await expectRefused(await attempt(dave.auth, {}, ip), ip, "unknown_credential");
    });

    it("an inactive user", async () => {
      const erin = await userWithPasskey();
      await t.db.update(users).set({ isActive: false }).where(eq(users.id, erin.user.id));
      const ip = freshIp();
      await expectRefused(await attempt(erin.auth, {}, ip), ip, "inactive");
    });

    it("anything from a locked IP, even a valid assertion", async () => {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) await attempt(alice.auth, { signWith: otherKey() }, ip);
      const locked = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "IP_LOCKED"), eq(auditLog.ip, ip)));
      expect(locked).toHaveLength(1);
      await expectRefused(await attempt(alice.auth, {}, ip), ip, "ip_locked");
    });

    it("bad input is a 400 naming the field", async () => {
      const start = await startSignIn(freshIp());
      const assertion = alice.auth.assert(start.options);
      const bad: CallResult = await completeSignIn(freshIp(), "not-a-uuid", {
        ...assertion,
        response: { ...assertion.response, signature: "not base64url!" },
      });
      expectProblem(bad, 400);
      expect(Object.keys(bad.body.errors as object).sort()).toEqual([
        "challenge_id",
        "credential.response.signature",
      ]);
      const email = await call(authStart, {
        method: "POST",
        path: "/api/auth/webauthn/authenticate/start/",
        body: { email: "nope" },
      });
      expectProblem(email, 400);
      expect(Object.keys(email.body.errors as object)).toEqual(["email"]);
    });
  });
});

describe("managing passkeys", () => {
  it("lists, renames and revokes one's own passkeys; another user's are a 404", async () => {
    const owner = await userWithPasskey();
    const other = await userWithPasskey();
    const list = await call<{ credentials: Passkey[] }>(listCredentials, {
      path: "/api/auth/webauthn/credentials/",
      headers: owner.session.headers,
    });
    expect(list.status).toBe(200);
    expect(list.body.credentials).toHaveLength(1);
    expect(list.body.credentials[0]).toMatchObject({
      id: owner.passkey.id,
      name: "Laptop",
      device_type: "multiDevice",
      backed_up: true,
      transports: ["internal", "hybrid"],
    });

    const renamed = await call<Passkey>(rename, {
      method: "PATCH",
      path: `/api/auth/webauthn/credentials/${owner.passkey.id}/`,
      params: { id: String(owner.passkey.id) },
      headers: owner.session.headers,
      body: { name: "  Work laptop  " },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("Work laptop");

    // someone else's passkey: not found, and untouched
    const foreignRename = await call(rename, {
      method: "PATCH",
      path: `/api/auth/webauthn/credentials/${other.passkey.id}/`,
      params: { id: String(other.passkey.id) },
      headers: owner.session.headers,
      body: { name: "mine now" },
    });
    expectProblem(foreignRename, 404);
    const foreignRevoke = await call(revoke, {
      method: "POST",
      path: "/api/auth/webauthn/revoke/",
      headers: owner.session.headers,
      body: { credential_id: other.passkey.id },
    });
    expectProblem(foreignRevoke, 404);
    const [untouched] = await t.db
      .select()
      .from(webauthnCredentials)
      .where(eq(webauthnCredentials.id, other.passkey.id));
    expect(untouched!.name).toBe("Laptop");

    const revoked = await call(revoke, {
      method: "POST",
      path: "/api/auth/webauthn/revoke/",
      headers: owner.session.headers,
      body: { credential_id: String(owner.passkey.id) },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ message: "Credential revoked successfully." });
    expect(
      (
        await call<{ credentials: Passkey[] }>(listCredentials, {
          path: "/api/auth/webauthn/credentials/",
          headers: owner.session.headers,
        })
      ).body.credentials,
    ).toEqual([]);
    expectProblem(
      await call(revoke, {
        method: "POST",
        path: "/api/auth/webauthn/revoke/",
        headers: owner.session.headers,
        body: { credential_id: owner.passkey.id },
      }),
      404,
    );

    const audits = await t.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.actorUserId, owner.user.id),
          sql`${auditLog.action} in ('WEBAUTHN_RENAME', 'WEBAUTHN_REVOKE')`,
        ),
      );
    expect(audits.map((a) => a.action).sort()).toEqual(["WEBAUTHN_RENAME", "WEBAUTHN_REVOKE"]);
  });

  it("revoking needs a fresh sign-in", async () => {
    const owner = await userWithPasskey();
    await t.db
      .update(sessions)
      .set({ createdAt: sql`now() - interval '11 minutes'` })
      .where(eq(sessions.id, owner.session.sessionId));
    const res = await call(revoke, {
      method: "POST",
      path: "/api/auth/webauthn/revoke/",
      headers: owner.session.headers,
      body: { credential_id: owner.passkey.id },
    });
    expectProblem(res, 403);
    expect(res.body.reauthentication_required).toBe(true);
    // renaming is harmless and does not
    const renamed = await call(rename, {
      method: "PATCH",
      path: "/x",
      params: { id: String(owner.passkey.id) },
      headers: owner.session.headers,
      body: { name: "Still mine" },
    });
    expect(renamed.status).toBe(200);
  });

  it("never removes the last way to sign in", async () => {
    const owner = await userWithPasskey();
    await t.db.update(users).set({ passwordHash: "" }).where(eq(users.id, owner.user.id));
    const last = await call(revoke, {
      method: "POST",
      path: "/api/auth/webauthn/revoke/",
      headers: owner.session.headers,
      body: { credential_id: owner.passkey.id },
    });
    expectProblem(last, 409);
    const second = await registerPasskey(owner.session.headers, new SoftAuthenticator());
    expect(second.done.status).toBe(201);
    expect(
      (
        await call(revoke, {
          method: "POST",
          path: "/api/auth/webauthn/revoke/",
          headers: owner.session.headers,
          body: { credential_id: owner.passkey.id },
        })
      ).status,
    ).toBe(200);
    expectProblem(
      await call(revoke, {
        method: "POST",
        path: "/api/auth/webauthn/revoke/",
        headers: owner.session.headers,
        body: { credential_id: second.done.body.credential.id },
      }),
      409,
    );
  });

  it("anonymous callers get 401; bad input 400 naming the field", async () => {
    expectProblem(await call(listCredentials, { path: "/api/auth/webauthn/credentials/" }), 401);
    expectProblem(
      await call(revoke, { method: "POST", path: "/api/auth/webauthn/revoke/", body: { credential_id: 1 } }),
      401,
    );
    expectProblem(
      await call(rename, { method: "PATCH", path: "/x", params: { id: "1" }, body: { name: "x" } }),
      401,
    );
    const { headers } = await bearerFor(await createUser());
    const badId = await call(revoke, {
      method: "POST",
      path: "/api/auth/webauthn/revoke/",
      headers,
      body: { credential_id: "abc" },
    });
    expectProblem(badId, 400);
    expect(Object.keys(badId.body.errors as object)).toEqual(["credential_id"]);
    const badName = await call(rename, {
      method: "PATCH",
      path: "/x",
      params: { id: "1" },
      headers,
      body: { name: "   " },
    });
    expectProblem(badName, 400);
    expect(Object.keys(badName.body.errors as object)).toEqual(["name"]);
    const badParam = await call(rename, {
      method: "PATCH",
      path: "/x",
      params: { id: "one" },
      headers,
      body: { name: "ok" },
    });
    expectProblem(badParam, 400);
    expect(Object.keys(badParam.body.errors as object)).toEqual(["id"]);
  });
});
