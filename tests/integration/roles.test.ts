import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listUsersRoute } from "@/app/api/auth/users/route";
import { GET as listRolesRoute, POST as createRoleRoute } from "@/app/api/auth/roles/route";
import { POST as assignRolesRoute } from "@/app/api/auth/assign-roles/route";
import { db } from "@/db/client";
import { auditLog, roles, userRoles } from "@/db/schema";
import { bearerFor, cookieFor, adminAndDeniedCallers } from "@/tests/helpers/auth";
import { createUser } from "@/tests/helpers/factories";
import { call, expectProblem } from "@/tests/helpers/http";
import { callWithoutSecrets as send } from "@/tests/helpers/no-secrets";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

type Headers = Record<string, string>;
type Role = { id: number; name: string; display_name: string; description: string; is_active: boolean; permissions: string[]; created_at: string; updated_at: string };
type User = { id: number; email: string; roles: Role[] };
/** Success bodies, or problem bodies on failure. */
type Either<T> = T & { errors?: Record<string, string[]>; detail?: string };

let admin: { id: number; email: string };
let adminAuth: Headers;
const denied: { label: string; headers: Headers }[] = [];

beforeAll(async () => {
  const callers = await adminAndDeniedCallers();
  admin = callers.admin;
  adminAuth = callers.adminAuth;
  denied.push(...callers.denied);
});

async function expectAdminOnly(handler: Parameters<typeof call>[0], options: Parameters<typeof call>[1]) {
  for (const { label, headers } of denied) {
    const res = await send(handler, { ...options, headers });
    expect(res.status, label).toBe(403);
    expectProblem(res, 403);
  }
  expectProblem(await send(handler, options), 401);
}

const assign = (body: unknown, headers: Headers = adminAuth) =>
  send<Either<{ message: string; user: User }>>(assignRolesRoute, { path: "/api/auth/assign-roles/", method: "POST", body, headers });
const createRole = (body: unknown, headers: Headers = adminAuth) =>
  send<Either<Role>>(createRoleRoute, { path: "/api/auth/roles/", method: "POST", body, headers });
const names = (u: User) => u.roles.map((r) => r.name);

describe("GET /api/auth/roles/", () => {
  it("returns every role as a plain array, with the permissions each grants", async () => {
    const res = await send<Role[]>(listRolesRoute, { path: "/api/auth/roles/", headers: adminAuth });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.map((r) => r.name)).toEqual(["ADMIN", "CUSTOMER", "SELLER"]);
    expect(Object.keys(res.body[0]!).sort()).toEqual(["created_at", "description", "display_name", "id", "is_active", "name", "permissions", "updated_at"]);
    expect(res.body.find((r) => r.name === "CUSTOMER")!.permissions).toEqual(["files:upload", "orders:create", "reviews:write"]);
  });

  it("refuses customers and sellers (403) and anonymous callers (401)", async () => {
    await expectAdminOnly(listRolesRoute, { path: "/api/auth/roles/" });
  });
});

describe("POST /api/auth/roles/", () => {
  it("creates a role that grants nothing by default", async () => {
    const res = await createRole({ name: "AUDITOR", display_name: "Auditor" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "AUDITOR", display_name: "Auditor", description: "", is_active: true, permissions: [] });
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, "ROLE_CREATED"), eq(auditLog.targetId, String(res.body.id))));
    expect(entry).toMatchObject({ actorUserId: admin.id, targetType: "ROLE", result: "SUCCESS" });
  });

  it("grants only the listed known permissions, and they take effect once assigned", async () => {
    const res = await createRole({ name: "SUPPORT", display_name: "Support", description: "Helps customers", permissions: ["users:manage", "users:manage"] });
    expect(res.status).toBe(201);
    expect(res.body.permissions).toEqual(["users:manage"]);
    const agent = await createUser();
    const token = await bearerFor(agent);
    expectProblem(await send(listUsersRoute, { path: "/api/auth/users/", headers: token.headers }), 403);
    expect((await assign({ user_email: agent.email, roles: ["support"] })).status).toBe(200);
    expect((await send(listUsersRoute, { path: "/api/auth/users/", headers: token.headers })).status).toBe(200);
  });

  it("answers a duplicate name with 409", async () => {
    const res = await createRole({ name: "SELLER", display_name: "Another seller" });
    expectProblem(res, 409);
    expect(res.body.errors).toHaveProperty("name");
  });

  it("answers bad input with a 400 problem naming the field", async () => {
    for (const [body, field] of [
      [{ name: "lower", display_name: "x" }, "name"],
      [{ name: "AB", display_name: "x" }, "name"],
      [{ name: "A".repeat(33), display_name: "x" }, "name"],
      [{ display_name: "x" }, "name"],
      [{ name: "VALID_NAME", display_name: "" }, "display_name"],
      [{ name: "VALID_NAME", display_name: "x".repeat(65) }, "display_name"],
      [{ name: "VALID_NAME", display_name: "x", description: "d".repeat(1001) }, "description"],
      [{ name: "VALID_NAME", display_name: "x", is_active: "yes" }, "is_active"],
      [{ name: "VALID_NAME", display_name: "x", permissions: ["root:all"] }, "permissions.0"],
      [{ name: "VALID_NAME", display_name: "x", is_superuser: true }, "is_superuser"],
    ] as const) {
      const res = await createRole(body);
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors as object), JSON.stringify(body)).toContain(field);
    }
    const [row] = await db().select().from(roles).where(eq(roles.name, "VALID_NAME"));
    expect(row).toBeUndefined();
  });

  it("refuses customers and sellers (403) and anonymous callers (401)", async () => {
    await expectAdminOnly(createRoleRoute, { path: "/api/auth/roles/", method: "POST", body: { name: "SNEAKY", display_name: "Sneaky" } });
    const [row] = await db().select().from(roles).where(eq(roles.name, "SNEAKY"));
    expect(row).toBeUndefined();
  });
});

describe("POST /api/auth/assign-roles/", () => {
  it("replaces the user's role set, always keeping CUSTOMER, and audits before and after", async () => {
    const target = await createUser({ roles: ["CUSTOMER"] });
    const granted = await assign({ user_email: target.email.toUpperCase(), roles: ["seller"] });
    expect(granted.status).toBe(200);
    expect(granted.body.message).toBe("Roles updated successfully.");
    expect(names(granted.body.user)).toEqual(["CUSTOMER", "SELLER"]);
    expect(Object.keys(granted.body.user)).not.toContain("failed_login_attempts"); // <User>, not the admin view
    const [membership] = await db()
      .select()
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(and(eq(userRoles.userId, target.id), eq(roles.name, "SELLER")));
    expect(membership!.user_roles.assignedBy).toBe(admin.id);

    const replaced = await assign({ user_email: target.email, roles: ["AUDITOR"] });
    expect(names(replaced.body.user)).toEqual(["AUDITOR", "CUSTOMER"]);
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "ROLES_ASSIGNED"), eq(auditLog.targetId, String(target.id))))
      .orderBy(auditLog.id);
    expect(entry).toMatchObject({ actorUserId: admin.id, targetType: "USER", metadata: { before: ["CUSTOMER"], after: ["CUSTOMER", "SELLER"] } });
  });

  it("makes a role change take effect on the next request of an existing token and cookie", async () => {
    const user = await createUser();
    const bearer = await bearerFor(user);
    const cookie = await cookieFor(user);
    for (const h of [bearer.headers, cookie.headers]) expectProblem(await send(listUsersRoute, { path: "/api/auth/users/", headers: h }), 403);
    await assign({ user_email: user.email, roles: ["ADMIN"] });
    for (const h of [bearer.headers, cookie.headers]) expect((await send(listUsersRoute, { path: "/api/auth/users/", headers: h })).status).toBe(200);
    await assign({ user_email: user.email, roles: ["CUSTOMER"] });
    for (const h of [bearer.headers, cookie.headers]) expectProblem(await send(listUsersRoute, { path: "/api/auth/users/", headers: h }), 403);
  });

  it("does not let an admin remove their own last admin role", async () => {
    const res = await assign({ user_email: admin.email, roles: ["CUSTOMER", "SELLER"] });
    expectProblem(res, 400);
    expect(res.body.errors).toHaveProperty("roles");
    const kept = await db().select({ name: roles.name }).from(userRoles).innerJoin(roles, eq(roles.id, userRoles.roleId)).where(eq(userRoles.userId, admin.id));
    expect(kept.map((r) => r.name).sort()).toEqual(["ADMIN", "CUSTOMER"]); // the transaction rolled back
    expect((await send(listRolesRoute, { path: "/api/auth/roles/", headers: adminAuth })).status).toBe(200);
  });

  it("answers an unknown email and unknown or inactive roles with 400s naming the field", async () => {
    const target = await createUser();
    await createRole({ name: "RETIRED", display_name: "Retired", is_active: false });
    const noUser = await assign({ user_email: "nobody@test.example", roles: ["SELLER"] });
    expectProblem(noUser, 400);
    expect(noUser.body.errors).toHaveProperty("user_email");
    const unknown = await assign({ user_email: target.email, roles: ["zed", "NOPE", "SELLER", "RETIRED"] });
    expectProblem(unknown, 400);
    expect(unknown.body.errors).toEqual({ roles: ["Unknown or inactive roles: NOPE, RETIRED, ZED"] });
    const both = await assign({ user_email: "nobody@test.example", roles: ["NOPE"] });
    expect(Object.keys(both.body.errors as object).sort()).toEqual(["roles", "user_email"]);
    const after = await db().select().from(userRoles).where(eq(userRoles.userId, target.id));
    expect(after).toHaveLength(1); // still only CUSTOMER
  });

  it("answers malformed input with a 400 problem naming the field", async () => {
    const target = await createUser();
    for (const [body, field] of [
      [{ user_email: target.email, roles: [] }, "roles"],
      [{ user_email: target.email }, "roles"],
      [{ user_email: target.email, roles: "ADMIN" }, "roles"],
      [{ user_email: target.email, roles: ["X".repeat(33)] }, "roles.0"],
      [{ user_email: target.email, roles: [42] }, "roles.0"],
      [{ roles: ["SELLER"] }, "user_email"],
      [{ user_email: "not-an-email", roles: ["SELLER"] }, "user_email"],
      [{ user_email: target.email, roles: ["SELLER"], assigned_by: 1 }, "assigned_by"],
    ] as const) {
      const res = await assign(body);
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors as object), JSON.stringify(body)).toContain(field);
    }
  });

  it("refuses customers and sellers (403) and anonymous callers (401)", async () => {
    const target = await createUser();
    await expectAdminOnly(assignRolesRoute, { path: "/api/auth/assign-roles/", method: "POST", body: { user_email: target.email, roles: ["ADMIN"] } });
    const after = await db().select().from(userRoles).where(eq(userRoles.userId, target.id));
    expect(after).toHaveLength(1);
  });

  it("never ends with zero admins when the last two demote each other at once", async () => {
    // Leave exactly two admins: the file's admin and a second one.
    const second = await createUser({ roles: ["ADMIN", "CUSTOMER"] });
    const secondAuth = (await bearerFor(second)).headers;
    const admins = await send<{ results: User[] }>(listUsersRoute, { path: "/api/auth/users/?role=ADMIN&page_size=100", headers: adminAuth });
    for (const u of admins.body.results) {
      if (u.id !== admin.id && u.id !== second.id) expect((await assign({ user_email: u.email, roles: ["CUSTOMER"] })).status).toBe(200);
    }
    const [a, b] = await Promise.all([
      assign({ user_email: second.email, roles: ["CUSTOMER"] }, adminAuth),
      assign({ user_email: admin.email, roles: ["CUSTOMER"] }, secondAuth),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const left = await db()
      .select({ id: userRoles.userId })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(eq(roles.name, "ADMIN"));
    expect(left).toHaveLength(1);
  });
});
