import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as register } from "@/app/api/auth/register/route";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as me, PATCH as patchMe } from "@/app/api/auth/me/route";
import { GET as listSessions } from "@/app/api/auth/sessions/route";
import { DELETE as deleteSession } from "@/app/api/auth/sessions/[id]/route";
import { POST as changePassword } from "@/app/api/auth/password/change/route";
import { POST as resetRequest } from "@/app/api/auth/password/reset/route";
import { POST as resetConfirm } from "@/app/api/auth/password/reset/confirm/route";
import { db } from "@/db/client";
import { authTokens, emailOutbox, files, users } from "@/db/schema";
import { bearerFor, cookieFor } from "@/tests/helpers/auth";
import { createUser, TEST_PASSWORD } from "@/tests/helpers/factories";
import { call, expectProblem } from "@/tests/helpers/http";
import { lastMailTo } from "@/tests/helpers/outbox";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();
const SECRET_PATTERN = /password_hash|passwordHash|\$argon2|token_hash|tokenHash|secret/i;

describe("registration rules", () => {
  const base = { email: "rules@test.example", username: "rules_user", password: "Saffron-Kettle-64", password_confirm: "Saffron-Kettle-64" };
  const post = (body: unknown) => call(register, { method: "POST", path: "/api/auth/register/", body });

  it("refuses weak, common, numeric, personal and mismatched passwords by field", async () => {
    for (const [password, pattern] of [
      ["short1!", /too short/],
      ["12345678901", /entirely numeric|too common/],
      ["iloveyou2", /too common/],
      ["rules_user", /too similar/],
    ] as const) {
      const res = await post({ ...base, password, password_confirm: password });
      expectProblem(res, 400);
      expect((res.body.errors as Record<string, string[]>).password!.join()).toMatch(pattern);
    }
    const mismatch = await post({ ...base, password_confirm: "Other-Password-99" });
    expectProblem(mismatch, 400);
    expect(mismatch.body.errors).toHaveProperty("password_confirm");
  });

  it("refuses unknown fields (no role or flag can be set at sign-up), bad emails and usernames", async () => {
    const res = await post({ ...base, is_verified: true, roles: ["ADMIN"] });
    expectProblem(res, 400);
    expect(Object.keys(res.body.errors as object).sort()).toEqual(["is_verified", "roles"]);
    const bad = await post({ ...base, email: "not-an-email", username: "a b" });
    expect(Object.keys(bad.body.errors as object).sort()).toEqual(["email", "username"]);
  });

  it("makes emails unique whatever their case, with a 400 instead of a 500", async () => {
    expect((await post(base)).status).toBe(201);
    const dup = await post({ ...base, email: "RULES@Test.Example", username: "other_name" });
    expectProblem(dup, 400);
    expect(dup.body.errors).toHaveProperty("email");
    const dupName = await post({ ...base, email: "x@test.example", username: "RULES_USER" });
    expect(dupName.body.errors).toHaveProperty("username");
  });
});

describe("me, sessions and cookies", () => {
  it("GET and PATCH /api/auth/me/ for the signed-in user only; email and roles are not writable", async () => {
    const u = await createUser();
    const { headers } = await bearerFor(u);
    const res = await call(me, { path: "/api/auth/me/", headers });
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(u.email);
    expect(res.text).not.toMatch(SECRET_PATTERN);
    expectProblem(await call(me, { path: "/api/auth/me/" }), 401);

    const patched = await call(patchMe, { method: "PATCH", path: "/api/auth/me/", headers, body: { first_name: "Renamed", phone_number: "+21612345678" } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ first_name: "Renamed", phone_number: "+21612345678" });
    const forbidden = await call(patchMe, { method: "PATCH", path: "/api/auth/me/", headers, body: { email: "x@y.z", is_active: false } });
    expectProblem(forbidden, 400);
    expect(Object.keys(forbidden.body.errors as object).sort()).toEqual(["email", "is_active"]);
    const badPhone = await call(patchMe, { method: "PATCH", path: "/api/auth/me/", headers, body: { phone_number: "call me" } });
    expect(badPhone.body.errors).toHaveProperty("phone_number");
  });

  it("sets an avatar from one's own avatar upload only; another's file or another kind of file is refused", async () => {
    const u = await createUser();
    const other = await createUser();
    const { headers } = await bearerFor(u);
    let n = 0;
    const file = async (uploadedBy: number, fileType = "avatar", status = "quarantined") => {
      const [row] = await db()
        .insert(files)
        .values({ originalFilename: "me.png", storedFilename: `avatar-test-${Date.now()}-${n++}`, fileType, mimeType: "image/png", fileSize: 10, fileHash: "0".repeat(64), uploadedBy, status })
        .returning();
      return row!.id;
    };
    const own = await file(u.id);
    const set = await call(patchMe, { method: "PATCH", path: "/api/auth/me/", headers, body: { avatar_file: own } });
    expect(set.status, set.text).toBe(200);
    expect(set.body.avatar_url).toBe(`/api/files/${own}/download/`);
    for (const id of [await file(other.id), await file(u.id, "product_image"), await file(u.id, "avatar", "rejected"), 987_654]) {
      const refused = await call(patchMe, { method: "PATCH", path: "/api/auth/me/", headers, body: { avatar_file: id } });
      expectProblem(refused, 400);
      expect(refused.body.errors).toHaveProperty("avatar_file");
    }
    const cleared = await call(patchMe, { method: "PATCH", path: "/api/auth/me/", headers, body: { avatar_file: null } });
    expect(cleared.body.avatar_url).toBeNull();
  });

  it("lists one's own sessions and revokes one; another user's session is a 404", async () => {
    const u = await createUser();
    const other = await createUser();
    const a = await bearerFor(u);
    const b = await bearerFor(u);
    const theirs = await bearerFor(other);
    const list = await call<{ count: number; results: { id: string; is_current: boolean }[] }>(listSessions, { path: "/api/auth/sessions/", headers: a.headers });
    expect(list.body.count).toBe(2);
    expect(list.body.results.find((s) => s.id === a.sessionId)!.is_current).toBe(true);
    expectProblem(await call(deleteSession, { method: "DELETE", path: `/api/auth/sessions/${theirs.sessionId}/`, params: { id: theirs.sessionId }, headers: a.headers }), 404);
    expectProblem(await call(deleteSession, { method: "DELETE", path: "/api/auth/sessions/nope/", params: { id: "nope" }, headers: a.headers }), 400);
    const del = await call(deleteSession, { method: "DELETE", path: `/api/auth/sessions/${b.sessionId}/`, params: { id: b.sessionId }, headers: a.headers });
    expect(del.status).toBe(204);
    expectProblem(await call(me, { path: "/api/auth/me/", headers: b.headers }), 401);
    expect((await call(me, { path: "/api/auth/me/", headers: theirs.headers })).status).toBe(200);
    expectProblem(await call(listSessions, { path: "/api/auth/sessions/" }), 401);
  });

  it("accepts the session cookie, and refuses cookie writes from another origin (CSRF)", async () => {
    const u = await createUser();
    const c = await cookieFor(u);
    expect((await call(me, { path: "/api/auth/me/", headers: c.headers })).status).toBe(200);
    const body = { first_name: "Cookie" };
    const crossSite = await call(patchMe, { method: "PATCH", path: "/api/auth/me/", headers: { cookie: c.headers.cookie, origin: "https://evil.example" }, body });
    expectProblem(crossSite, 403);
    const noOrigin = await call(patchMe, { method: "PATCH", path: "/api/auth/me/", headers: { cookie: c.headers.cookie }, body });
    expectProblem(noOrigin, 403);
    const sameSite = await call(patchMe, { method: "PATCH", path: "/api/auth/me/", headers: { cookie: c.headers.cookie, "sec-fetch-site": "same-origin" }, body });
    expect(sameSite.status).toBe(200);
    expect((await call(patchMe, { method: "PATCH", path: "/api/auth/me/", headers: c.headers, body })).status).toBe(200);
    // a tampered cookie is nobody
    expectProblem(await call(me, { path: "/api/auth/me/", headers: { cookie: c.headers.cookie.slice(0, -4) + "AAAA" } }), 401);
  });
});

describe("password change and reset", () => {
  it("changes the password after the current one, signing out every other session", async () => {
    const u = await createUser();
    const mine = await bearerFor(u);
    const other = await bearerFor(u);
    const wrong = await call(changePassword, { method: "POST", path: "/api/auth/password/change/", headers: mine.headers, body: { current_password: "not-it-at-all", new_password: "Juniper-Falcon-27", new_password_confirm: "Juniper-Falcon-27" } });
    expectProblem(wrong, 400);
    expect(wrong.body.errors).toHaveProperty("current_password");
    const weak = await call(changePassword, { method: "POST", path: "/api/auth/password/change/", headers: mine.headers, body: { current_password: TEST_PASSWORD, new_password: "password123", new_password_confirm: "password123" } });
    expect(weak.body.errors).toHaveProperty("new_password");
    const ok = await call(changePassword, { method: "POST", path: "/api/auth/password/change/", headers: mine.headers, body: { current_password: TEST_PASSWORD, new_password: "Juniper-Falcon-27", new_password_confirm: "Juniper-Falcon-27" } });
    expect(ok.status).toBe(200);
    expect(ok.body.revoked_sessions).toBe(1);
    expect((await call(me, { path: "/api/auth/me/", headers: mine.headers })).status).toBe(200);
    expectProblem(await call(me, { path: "/api/auth/me/", headers: other.headers }), 401);
    expectProblem(await call(login, { method: "POST", path: "/api/auth/login/", headers: { "x-forwarded-for": "192.0.2.77" }, body: { email: u.email, password: TEST_PASSWORD } }), 401);
    expect((await call(login, { method: "POST", path: "/api/auth/login/", headers: { "x-forwarded-for": "192.0.2.78" }, body: { email: u.email, password: "Juniper-Falcon-27" } })).status).toBe(200);
  });

  it("answers a reset request the same whether the account exists or not, and the link works once", async () => {
    const u = await createUser();
    const session = await bearerFor(u);
    const known = await call(resetRequest, { method: "POST", path: "/api/auth/password/reset/", body: { email: u.email.toUpperCase() } });
    const unknown = await call(resetRequest, { method: "POST", path: "/api/auth/password/reset/", body: { email: "ghost@test.example" } });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.body).toEqual(unknown.body);
    expect(await t.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "ghost@test.example"))).toHaveLength(0);

    const mail = await lastMailTo(u.email);
    expect(mail.body).toContain("/reset-password?token=");
    // only the hash is stored
    const [stored] = await t.db.select().from(authTokens).where(eq(authTokens.userId, u.id));
    expect(stored!.tokenHash).not.toContain(mail.token!);

    const body = { token: mail.token, new_password: "Marigold-Sextant-39", new_password_confirm: "Marigold-Sextant-39" };
    const done = await call(resetConfirm, { method: "POST", path: "/api/auth/password/reset/confirm/", body });
    expect(done.status).toBe(200);
    expect(done.text).not.toMatch(SECRET_PATTERN);
    expectProblem(await call(me, { path: "/api/auth/me/", headers: session.headers }), 401);
    const reused = await call(resetConfirm, { method: "POST", path: "/api/auth/password/reset/confirm/", body });
    expectProblem(reused, 400);
    expect(reused.body.errors).toEqual({ token: ["Invalid or expired token."] });
  });

  it("refuses an expired reset link", async () => {
    const u = await createUser();
    await call(resetRequest, { method: "POST", path: "/api/auth/password/reset/", body: { email: u.email } });
    const mail = await lastMailTo(u.email);
    await t.db.update(authTokens).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(authTokens.userId, u.id));
    const res = await call(resetConfirm, { method: "POST", path: "/api/auth/password/reset/confirm/", body: { token: mail.token, new_password: "Marigold-Sextant-39", new_password_confirm: "Marigold-Sextant-39" } });
    expectProblem(res, 400);
    const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(row!.passwordHash).toBe(u.passwordHash);
  });
});
