import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/auth/users/route";
import { GET as detailRoute, PATCH as patchRoute } from "@/app/api/auth/users/[id]/route";
import { POST as unlockRoute } from "@/app/api/auth/users/[id]/unlock/route";
import { POST as revokeRoute } from "@/app/api/auth/users/[id]/revoke-sessions/route";
import { POST as createRoleRoute } from "@/app/api/auth/roles/route";
import { POST as assignRolesRoute } from "@/app/api/auth/assign-roles/route";
import { db } from "@/db/client";
import { auditLog, sessions, users } from "@/db/schema";
import { bearerFor, cookieFor, adminAndDeniedCallers } from "@/tests/helpers/auth";
import { createUser } from "@/tests/helpers/factories";
import { call, expectProblem } from "@/tests/helpers/http";
import { callWithoutSecrets } from "@/tests/helpers/no-secrets";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

type Handler = Parameters<typeof call>[0];
type Headers = Record<string, string>;
type AdminUser = {
  id: number;
  email: string;
  username: string;
  is_active: boolean;
  is_locked: boolean;
  locked_until: string | null;
  failed_login_attempts: number;
  last_login_at: string | null;
  roles: { name: string }[];
};
type Page = { count: number; next: string | null; previous: string | null; results: AdminUser[] };

/** Every response of this file goes through here, so none may carry a password hash. */
const send = callWithoutSecrets;

const userPath = (id: number | string, suffix = "") => ({ path: `/api/auth/users/${id}/${suffix}`, params: { id: String(id) } });

let admin: { id: number; email: string };
let adminAuth: Headers;
const denied: { label: string; headers: Headers }[] = [];

beforeAll(async () => {
  const callers = await adminAndDeniedCallers();
  admin = callers.admin;
  adminAuth = callers.adminAuth;
  denied.push(...callers.denied);
});

/** Who may call: customers and sellers get 403 whichever way they signed in; anonymous callers get 401. */
async function expectAdminOnly(handler: Handler, options: Parameters<typeof call>[1]) {
  for (const { label, headers } of denied) {
    const res = await send(handler, { ...options, headers });
    expect(res.status, label).toBe(403);
    expectProblem(res, 403);
  }
  const anonymous = await send(handler, options);
  expectProblem(anonymous, 401);
}

describe("GET /api/auth/users/", () => {
  let walnut: { id: number; email: string };
  let inactive: { id: number };

  beforeAll(async () => {
    walnut = await createUser({ email: "walnut.owner@test.example", roles: ["SELLER", "CUSTOMER"] });
    await db().update(users).set({ firstName: "Wilma", lastName: "O'Hare", lastLoginAt: new Date("2026-02-01T00:00:00Z") }).where(eq(users.id, walnut.id));
    inactive = await createUser({ isActive: false });
  });

  it("lists users for an admin in the paginated shape, newest first, with lock state", async () => {
    const res = await send<Page>(listRoute, { path: "/api/auth/users/", headers: adminAuth });
    expect(res.status).toBe(200);
    expect(res.body.count).toBeGreaterThanOrEqual(5);
    expect(res.body.results[0]!.id).toBe(inactive.id);
    expect(Object.keys(res.body.results[0]!).sort()).toEqual(
      ["created_at", "email", "failed_login_attempts", "first_name", "id", "is_active", "is_locked", "is_verified", "last_login_at", "last_name", "locked_until", "mfa_enabled", "avatar_url", "phone_number", "roles", "updated_at", "username"].sort(),
    );
  });

  it("refuses customers and sellers (403) and anonymous callers (401)", async () => {
    await expectAdminOnly(listRoute, { path: "/api/auth/users/" });
  });

  it("searches email, username and names case-insensitively, with LIKE wildcards taken literally", async () => {
    for (const term of ["WALNUT", "wilma", "o'hare", walnut.email]) {
      const res = await send<Page>(listRoute, { path: `/api/auth/users/?search=${encodeURIComponent(term)}`, headers: adminAuth });
      expect(res.body.results.map((u) => u.id), term).toEqual([walnut.id]);
    }
    const wildcard = await send<Page>(listRoute, { path: "/api/auth/users/?search=%25", headers: adminAuth });
    expect(wildcard.body.count).toBe(0);
  });

  it("filters by role name and by active state", async () => {
    const sellers = await send<Page>(listRoute, { path: "/api/auth/users/?role=seller&page_size=100", headers: adminAuth });
    expect(sellers.body.count).toBe(2);
    expect(sellers.body.results.every((u) => u.roles.some((r) => r.name === "SELLER"))).toBe(true);
    const off = await send<Page>(listRoute, { path: "/api/auth/users/?is_active=false", headers: adminAuth });
    expect(off.body.results.map((u) => u.id)).toEqual([inactive.id]);
  });

  it("orders by email and by last sign-in, never-signed-in users last", async () => {
    const byEmail = await send<Page>(listRoute, { path: "/api/auth/users/?ordering=email&page_size=100", headers: adminAuth });
    const emails = byEmail.body.results.map((u) => u.email);
    expect(emails).toEqual([...emails].sort());
    const byLogin = await send<Page>(listRoute, { path: "/api/auth/users/?ordering=-last_login_at&page_size=100", headers: adminAuth });
    expect(byLogin.body.results[0]!.id).toBe(walnut.id);
  });

  it("pages with page and page_size", async () => {
    const res = await send<Page>(listRoute, { path: "/api/auth/users/?page_size=2&page=2", headers: adminAuth });
    expect(res.body.results).toHaveLength(2);
    expect(res.body.previous).toBe("http://localhost:3000/api/auth/users/?page_size=2");
    const past = await send(listRoute, { path: "/api/auth/users/?page=99", headers: adminAuth });
    expectProblem(past, 404);
  });

  it("answers bad query values with a 400 problem naming the parameter", async () => {
    for (const [query, field] of [
      ["page=0", "page"],
      ["page_size=500", "page_size"],
      ["ordering=password_hash", "ordering"],
      ["is_active=maybe", "is_active"],
      ["role=AD%25MIN", "role"],
      ["is_staff=true", "is_staff"],
    ] as const) {
      const res = await send(listRoute, { path: `/api/auth/users/?${query}`, headers: adminAuth });
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors as object), query).toContain(field);
    }
  });
});

describe("GET /api/auth/users/{id}/", () => {
  it("shows the user with their sessions and recent audit trail", async () => {
    const target = await createUser();
    const { sessionId } = await bearerFor(target);
    await send(unlockRoute, { ...userPath(target.id, "unlock/"), method: "POST", headers: adminAuth });
    const res = await send<AdminUser & { sessions: Record<string, unknown>[]; recent_audit: Record<string, unknown>[] }>(detailRoute, {
      ...userPath(target.id),
      headers: adminAuth,
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(target.id);
    expect(res.body.sessions).toHaveLength(1);
    expect(Object.keys(res.body.sessions[0]!).sort()).toEqual(
      ["amr", "created_at", "id", "ip", "is_current", "kind", "last_seen_at", "revoked_at", "revoked_reason", "user_agent"].sort(),
    );
    expect(res.body.sessions[0]).toMatchObject({ id: sessionId, kind: "api", is_current: false, revoked_at: null, amr: ["pwd"] });
    expect(res.body.recent_audit[0]).toMatchObject({ action: "ACCOUNT_UNLOCKED", result: "SUCCESS" });
    expect(Object.keys(res.body.recent_audit[0]!).sort()).toEqual(["action", "id", "ip", "metadata", "occurred_at", "result"]);
  });

  it("refuses non-admins, answers 404 for a missing user and 400 for a malformed id", async () => {
    await expectAdminOnly(detailRoute, userPath(admin.id));
    expectProblem(await send(detailRoute, { ...userPath(999999), headers: adminAuth }), 404);
    for (const id of ["abc", "1.5", "-1", "1e3", "9".repeat(30)]) {
      const res = await send(detailRoute, { ...userPath(id), headers: adminAuth });
      expectProblem(res, 400);
      expect(res.body.errors).toHaveProperty("id");
    }
  });
});

describe("PATCH /api/auth/users/{id}/", () => {
  it("deactivation stops the user's existing bearer token and cookie on the next request", async () => {
    const victim = await createUser({ roles: ["ADMIN", "CUSTOMER"] });
    const bearer = await bearerFor(victim);
    const cookie = await cookieFor(victim);
    expect((await send(listRoute, { path: "/api/auth/users/", headers: bearer.headers })).status).toBe(200);
    expect((await send(listRoute, { path: "/api/auth/users/", headers: cookie.headers })).status).toBe(200);

    const res = await send<AdminUser>(patchRoute, { ...userPath(victim.id), method: "PATCH", body: { is_active: false }, headers: adminAuth });
    expect(res.status).toBe(200);
    expect(res.body.is_active).toBe(false);
    expectProblem(await send(listRoute, { path: "/api/auth/users/", headers: bearer.headers }), 401);
    expectProblem(await send(listRoute, { path: "/api/auth/users/", headers: cookie.headers }), 401);

    const rows = await db().select().from(sessions).where(eq(sessions.userId, victim.id));
    expect(rows.every((s) => s.revokedAt !== null && s.revokedReason === "user_deactivated")).toBe(true);
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, "USER_DEACTIVATED"), eq(auditLog.targetId, String(victim.id))));
    expect(entry).toMatchObject({ actorUserId: admin.id, targetType: "USER", result: "SUCCESS" });
    expect(entry!.metadata).toMatchObject({ sessions_revoked: 2 });

    // Reactivation lets the user sign in again; it does not bring the revoked sessions back.
    const back = await send<AdminUser>(patchRoute, { ...userPath(victim.id), method: "PATCH", body: { is_active: true }, headers: adminAuth });
    expect(back.body.is_active).toBe(true);
    expectProblem(await send(listRoute, { path: "/api/auth/users/", headers: bearer.headers }), 401);
    const fresh = await bearerFor(victim);
    expect((await send(listRoute, { path: "/api/auth/users/", headers: fresh.headers })).status).toBe(200);
    const [reactivated] = await db().select().from(auditLog).where(and(eq(auditLog.action, "USER_REACTIVATED"), eq(auditLog.targetId, String(victim.id))));
    expect(reactivated?.actorUserId).toBe(admin.id);
  });

  it("does not let an admin deactivate themselves", async () => {
    const res = await send(patchRoute, { ...userPath(admin.id), method: "PATCH", body: { is_active: false }, headers: adminAuth });
    expectProblem(res, 400);
    expect(res.body.detail).toBe("You cannot deactivate your own account.");
    expect(res.body.errors).toHaveProperty("is_active");
    const [me] = await db().select().from(users).where(eq(users.id, admin.id));
    expect(me!.isActive).toBe(true);
  });

  it("takes only is_active, strictly", async () => {
    const target = await createUser();
    for (const [body, field] of [
      [{ is_active: "false" }, "is_active"],
      [{}, "is_active"],
      [{ is_active: false, is_staff: true }, "is_staff"],
      [{ is_active: true, password_hash: "x" }, "password_hash"],
    ] as const) {
      const res = await send(patchRoute, { ...userPath(target.id), method: "PATCH", body, headers: adminAuth });
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors as object)).toContain(field);
    }
    const [row] = await db().select().from(users).where(eq(users.id, target.id));
    expect(row!.isActive).toBe(true);
  });

  it("refuses non-admins, answers 404 for a missing user and 400 for a malformed id", async () => {
    const target = await createUser();
    await expectAdminOnly(patchRoute, { ...userPath(target.id), method: "PATCH", body: { is_active: false } });
    const [row] = await db().select().from(users).where(eq(users.id, target.id));
    expect(row!.isActive).toBe(true);
    expectProblem(await send(patchRoute, { ...userPath(999999), method: "PATCH", body: { is_active: false }, headers: adminAuth }), 404);
    const bad = await send(patchRoute, { ...userPath("12abc"), method: "PATCH", body: { is_active: false }, headers: adminAuth });
    expectProblem(bad, 400);
    expect(bad.body.errors).toHaveProperty("id");
  });
});

describe("POST /api/auth/users/{id}/unlock/", () => {
  it("lifts the lock and forgets the failures", async () => {
    const target = await createUser();
    await db().update(users).set({ lockedUntil: new Date(Date.now() + 3600_000), failedLoginAttempts: 3 }).where(eq(users.id, target.id));
    const before = await send<AdminUser>(detailRoute, { ...userPath(target.id), headers: adminAuth });
    expect(before.body.is_locked).toBe(true);
    const res = await send<{ detail: string; user: AdminUser }>(unlockRoute, { ...userPath(target.id, "unlock/"), method: "POST", headers: adminAuth });
    expect(res.status).toBe(200);
    expect(res.body.detail).toBe("Account unlocked.");
    expect(res.body.user).toMatchObject({ id: target.id, is_locked: false, locked_until: null, failed_login_attempts: 0 });
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, "ACCOUNT_UNLOCKED"), eq(auditLog.targetId, String(target.id))));
    expect(entry).toMatchObject({ actorUserId: admin.id, targetType: "USER" });
  });

  it("refuses non-admins, answers 404 for a missing user and 400 for a malformed id", async () => {
    const target = await createUser();
    await db().update(users).set({ lockedUntil: new Date(Date.now() + 3600_000) }).where(eq(users.id, target.id));
    await expectAdminOnly(unlockRoute, { ...userPath(target.id, "unlock/"), method: "POST" });
    const [row] = await db().select().from(users).where(eq(users.id, target.id));
    expect(row!.lockedUntil).not.toBeNull();
    expectProblem(await send(unlockRoute, { ...userPath(999999, "unlock/"), method: "POST", headers: adminAuth }), 404);
    const bad = await send(unlockRoute, { ...userPath("x", "unlock/"), method: "POST", headers: adminAuth });
    expectProblem(bad, 400);
    expect(bad.body.errors).toHaveProperty("id");
  });
});

describe("POST /api/auth/users/{id}/revoke-sessions/", () => {
  it("revokes every session of the user: their tokens and cookies stop at once", async () => {
    const target = await createUser();
    const one = await bearerFor(target);
    const two = await cookieFor(target);
    expectProblem(await send(listRoute, { path: "/api/auth/users/", headers: one.headers }), 403);
    const res = await send<{ detail: string; revoked: number }>(revokeRoute, { ...userPath(target.id, "revoke-sessions/"), method: "POST", headers: adminAuth });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ detail: "2 sessions revoked.", revoked: 2 });
    expectProblem(await send(listRoute, { path: "/api/auth/users/", headers: one.headers }), 401);
    expectProblem(await send(listRoute, { path: "/api/auth/users/", headers: two.headers }), 401);
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, "SESSIONS_REVOKED"), eq(auditLog.targetId, String(target.id))));
    expect(entry).toMatchObject({ actorUserId: admin.id, metadata: { revoked: 2, kept_current_session: false } });
  });

  it("keeps the calling admin's own session when they aim at themselves", async () => {
    const self = await createUser({ roles: ["ADMIN", "CUSTOMER"] });
    const current = await bearerFor(self);
    const other = await bearerFor(self);
    const res = await send<{ revoked: number }>(revokeRoute, { ...userPath(self.id, "revoke-sessions/"), method: "POST", headers: current.headers });
    expect(res.body.revoked).toBe(1);
    expect((await send(listRoute, { path: "/api/auth/users/", headers: current.headers })).status).toBe(200);
    expectProblem(await send(listRoute, { path: "/api/auth/users/", headers: other.headers }), 401);
  });

  it("refuses non-admins, answers 404 for a missing user and 400 for a malformed id", async () => {
    const target = await createUser();
    const live = await bearerFor(target);
    await expectAdminOnly(revokeRoute, { ...userPath(target.id, "revoke-sessions/"), method: "POST" });
    expectProblem(await send(listRoute, { path: "/api/auth/users/", headers: live.headers }), 403); // still signed in
    expectProblem(await send(revokeRoute, { ...userPath(999999, "revoke-sessions/"), method: "POST", headers: adminAuth }), 404);
    const bad = await send(revokeRoute, { ...userPath("0x10", "revoke-sessions/"), method: "POST", headers: adminAuth });
    expectProblem(bad, 400);
    expect(bad.body.errors).toHaveProperty("id");
  });
});

describe("the shop keeps an administrator", () => {
  it("refuses (409) to deactivate the last active administrator, even for a user manager", async () => {
    // A user manager who cannot manage roles: the only way to reach zero admins through deactivation.
    const role = await send(createRoleRoute, {
      path: "/api/auth/roles/",
      method: "POST",
      body: { name: "USER_MANAGER", display_name: "User manager", permissions: ["users:manage"] },
      headers: adminAuth,
    });
    expect(role.status).toBe(201);
    const manager = await createUser();
    const assigned = await send(assignRolesRoute, {
      path: "/api/auth/assign-roles/",
      method: "POST",
      body: { user_email: manager.email, roles: ["USER_MANAGER"] },
      headers: adminAuth,
    });
    expect(assigned.status).toBe(200);
    const managerAuth = (await bearerFor(manager)).headers;

    const admins = await send<Page>(listRoute, { path: "/api/auth/users/?role=ADMIN&is_active=true&page_size=100", headers: managerAuth });
    expect(admins.body.count).toBeGreaterThan(1);
    const ids = admins.body.results.map((u) => u.id);
    for (const id of ids.slice(0, -1)) {
      const res = await send(patchRoute, { ...userPath(id), method: "PATCH", body: { is_active: false }, headers: managerAuth });
      expect(res.status).toBe(200);
    }
    const last = ids[ids.length - 1]!;
    const refused = await send(patchRoute, { ...userPath(last), method: "PATCH", body: { is_active: false }, headers: managerAuth });
    expectProblem(refused, 409);
    const [row] = await db().select().from(users).where(eq(users.id, last));
    expect(row!.isActive).toBe(true);
    const stillLive = await db().select().from(sessions).where(eq(sessions.userId, last));
    expect(stillLive.some((s) => s.revokedAt === null)).toBe(true); // the rollback kept their sessions too
  });
});
