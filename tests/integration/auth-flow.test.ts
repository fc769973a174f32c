import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as register } from "@/app/api/auth/register/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as token } from "@/app/api/auth/token/route";
import { POST as refresh } from "@/app/api/auth/token/refresh/route";
import { POST as verifyToken } from "@/app/api/auth/token/verify/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { POST as verifyEmail } from "@/app/api/auth/verify-email/route";
import { GET as me } from "@/app/api/auth/me/route";
import { auditLog, sessions, users } from "@/db/schema";
import { call, expectProblem } from "@/tests/helpers/http";
import { lastMailTo } from "@/tests/helpers/outbox";
import { setupTestDatabase } from "@/tests/helpers/test-db";

const t = setupTestDatabase();

type Tokens = { access: string; refresh: string };
const ip = (n: number) => ({ "x-forwarded-for": `198.51.100.${n}`, "user-agent": "vitest-flow" });

describe("register → verify email → login → refresh → reuse detected", () => {
  it("walks the whole identity flow through the API", async () => {
    const email = "Flow.User@Example.COM";
    const reg = await call<{ message: string; user: Record<string, unknown>; tokens: Tokens }>(register, {
      method: "POST",
      path: "/api/auth/register/",
      headers: ip(1),
      body: { email, username: "flow_user", first_name: "Flo", last_name: "User", password: "Vermilion-Tram-88", password_confirm: "Vermilion-Tram-88" },
    });
    expect(reg.status).toBe(201);
    expect(reg.body.user).toMatchObject({ email: "flow.user@example.com", username: "flow_user", is_verified: false, is_active: true });
    expect((reg.body.user.roles as { name: string }[]).map((r) => r.name)).toEqual(["CUSTOMER"]);
    expect(reg.body.tokens.access).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // the verification mail holds a single-use token
    const mail = await lastMailTo("flow.user@example.com");
    expect(mail.subject).toMatch(/Confirm your email/);
    const verified = await call<{ user: { is_verified: boolean } }>(verifyEmail, { method: "POST", path: "/api/auth/verify-email/", body: { token: mail.token } });
    expect(verified.status).toBe(200);
    expect(verified.body.user.is_verified).toBe(true);
    const again = await call(verifyEmail, { method: "POST", path: "/api/auth/verify-email/", body: { token: mail.token } });
    expectProblem(again, 400);
    expect(again.body.errors).toEqual({ token: ["Invalid or expired token."] });

    // login with the email in another case
    const signedIn = await call<{ tokens: Tokens; mfa_required: boolean; user: { id: number } }>(login, {
      method: "POST",
      path: "/api/auth/login/",
      headers: ip(1),
      body: { email: "FLOW.user@example.com", password: "Vermilion-Tram-88" },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mfa_required).toBe(false);
    const first = signedIn.body.tokens;
    expect((await call(me, { path: "/api/auth/me/", headers: { authorization: `Bearer ${first.access}` } })).status).toBe(200);

    // refresh rotates both tokens
    const r1 = await call<Tokens>(refresh, { method: "POST", path: "/api/auth/token/refresh/", body: { refresh: first.refresh } });
    expect(r1.status).toBe(200);
    expect(r1.body.refresh).not.toBe(first.refresh);
    expect(r1.body.access).not.toBe(first.access);
    const r2 = await call<Tokens>(refresh, { method: "POST", path: "/api/auth/token/refresh/", body: { refresh: r1.body.refresh } });
    expect(r2.status).toBe(200);

    // presenting a spent refresh token again revokes the whole session
    const reuse = await call(refresh, { method: "POST", path: "/api/auth/token/refresh/", headers: ip(9), body: { refresh: first.refresh } });
    expectProblem(reuse, 401);
    const latest = await call(refresh, { method: "POST", path: "/api/auth/token/refresh/", body: { refresh: r2.body.refresh } });
    expectProblem(latest, 401);
    expectProblem(await call(me, { path: "/api/auth/me/", headers: { authorization: `Bearer ${r2.body.access}` } }), 401);
    const [session] = await t.db.select().from(sessions).where(eq(sessions.userId, signedIn.body.user.id)).orderBy(sessions.createdAt);
    const reuseRows = await t.db.select().from(auditLog).where(eq(auditLog.action, "TOKEN_REUSE"));
    expect(reuseRows).toHaveLength(1);
    expect(reuseRows[0]).toMatchObject({ result: "BLOCKED", ip: "198.51.100.9" });
    expect(session).toBeDefined();
  });
});

describe("tokens", () => {
  async function signIn(n: number) {
    const email = `tok${n}@test.example`;
    await call(register, { method: "POST", path: "/api/auth/register/", headers: ip(20 + n), body: { email, username: `tok${n}`, password: "Cobalt-Harbor-51", password_confirm: "Cobalt-Harbor-51" } });
    const res = await call<Tokens>(token, { method: "POST", path: "/api/auth/token/", headers: ip(20 + n), body: { email, password: "Cobalt-Harbor-51" } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["access", "refresh"]);
    return res.body;
  }

  it("verify answers {} for a live token and 401 for a revoked, forged or expired one", async () => {
    const tokens = await signIn(1);
    const ok = await call(verifyToken, { method: "POST", path: "/api/auth/token/verify/", body: { token: tokens.access } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({});
    const [h, p] = tokens.access.split(".");
    const forged = `${h}.${p}.${"A".repeat(43)}`;
    expectProblem(await call(verifyToken, { method: "POST", path: "/api/auth/token/verify/", body: { token: forged } }), 401);
    expectProblem(await call(verifyToken, { method: "POST", path: "/api/auth/token/verify/", body: { token: "garbage" } }), 401);
    // alg=none is refused
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${p}.`;
    expectProblem(await call(me, { path: "/api/auth/me/", headers: { authorization: `Bearer ${none}` } }), 401);

    await call(logout, { method: "POST", path: "/api/auth/logout/", headers: { authorization: `Bearer ${tokens.access}` } });
    expectProblem(await call(verifyToken, { method: "POST", path: "/api/auth/token/verify/", body: { token: tokens.access } }), 401);
  });

  it("logout stops the access token and the refresh token at once", async () => {
    const tokens = await signIn(2);
    const out = await call(logout, { method: "POST", path: "/api/auth/logout/", headers: { authorization: `Bearer ${tokens.access}` } });
    expect(out.status).toBe(200);
    expectProblem(await call(me, { path: "/api/auth/me/", headers: { authorization: `Bearer ${tokens.access}` } }), 401);
    expectProblem(await call(refresh, { method: "POST", path: "/api/auth/token/refresh/", body: { refresh: tokens.refresh } }), 401);
    expectProblem(await call(logout, { method: "POST", path: "/api/auth/logout/" }), 401);
  });

  it("a deactivated user's tokens stop working on the next request, refresh included", async () => {
    const tokens = await signIn(3);
    await t.db.update(users).set({ isActive: false }).where(eq(users.email, "tok3@test.example"));
    expectProblem(await call(me, { path: "/api/auth/me/", headers: { authorization: `Bearer ${tokens.access}` } }), 401);
    expectProblem(await call(refresh, { method: "POST", path: "/api/auth/token/refresh/", body: { refresh: tokens.refresh } }), 401);
    const again = await call(token, { method: "POST", path: "/api/auth/token/", headers: ip(23), body: { email: "tok3@test.example", password: "Cobalt-Harbor-51" } });
    expectProblem(again, 401);
    expect(again.body.detail).toBe("Invalid credentials.");
  });

  it("malformed bodies get 400 naming the field", async () => {
    const res = await call(token, { method: "POST", path: "/api/auth/token/", body: { email: "nope", password: "", username: "x" } });
    expectProblem(res, 400);
    expect(Object.keys(res.body.errors as object).sort()).toEqual(["email", "password", "username"]);
    const res2 = await call(refresh, { method: "POST", path: "/api/auth/token/refresh/", body: {} });
    expectProblem(res2, 400);
    expect(res2.body.errors).toHaveProperty("refresh");
  });
});
