import { z } from "zod";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { paginationQuery } from "@/lib/http/pagination";
import { boolParam } from "@/lib/http/query-params";

/** Shared by the API routes and the admin pages' server actions: one set of rules for both doors. */

export const USER_ORDERING_FIELDS = ["email", "created_at", "last_login_at"] as const;
export type UserOrderingTerm = (typeof USER_ORDERING_FIELDS)[number] | `-${(typeof USER_ORDERING_FIELDS)[number]}`;
const ORDERING_TERMS = new Set<string>(USER_ORDERING_FIELDS.flatMap((f) => [f, `-${f}`]));

const ROLE_NAME_MESSAGE = "Role names must be uppercase letters and underscores only (3-32 chars).";

/** Path ids are digits only: "1.5", "-1" or "1e3" must not be coerced into some other row's id. */
export const userIdParams = z.strictObject({
  id: z.string().regex(/^\d{1,15}$/, "must be a numeric id").transform(Number),
});


export const userListQuery = z.strictObject({
  ...paginationQuery,
  search: z.string().trim().max(200, "must be at most 200 characters").optional(),
  role: z
    .string()
    .trim()
    .regex(/^[A-Za-z_]{3,32}$/, "must be a role name")
    .transform((v) => v.toUpperCase())
    .optional(),
  is_active: boolParam.optional(),
  ordering: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const terms = (v ?? "").split(",").map((t) => t.trim()).filter(Boolean);
      const unknown = terms.find((t) => !ORDERING_TERMS.has(t));
      if (unknown !== undefined) {
        ctx.addIssue({ code: "custom", message: `unknown ordering '${unknown}': use ${USER_ORDERING_FIELDS.join(", ")} (prefix - for descending)` });
        return z.NEVER;
      }
      return terms as UserOrderingTerm[];
    }),
});
export type UserListQuery = z.output<typeof userListQuery>;

/** The only thing an admin edits on a user: whether the account may sign in. */
export const userStatusBody = z.strictObject({ is_active: z.boolean({ error: "must be true or false" }) });

const permissionCode = z.enum(Object.keys(PERMISSIONS) as [Permission, ...Permission[]], { error: "unknown permission" });

export const createRoleBody = z.strictObject({
  name: z.string({ error: "This field is required." }).regex(/^[A-Z_]{3,32}$/, ROLE_NAME_MESSAGE),
  display_name: z.string({ error: "This field is required." }).trim().min(1, "This field may not be blank.").max(64, "must be at most 64 characters"),
  description: z.string().max(1000, "must be at most 1000 characters").default(""),
  is_active: z.boolean({ error: "must be true or false" }).default(true),
  // New roles grant nothing unless the admin says so, and only permissions the code knows.
  permissions: z
    .array(permissionCode)
    .max(Object.keys(PERMISSIONS).length)
    .default([])
    .transform((list) => [...new Set(list)]),
});
export type CreateRoleInput = z.output<typeof createRoleBody>;

export const assignRolesBody = z.strictObject({
  user_email: z
    .string({ error: "This field is required." })
    .trim()
    .toLowerCase()
    .max(254, "must be at most 254 characters")
    .pipe(z.email("Enter a valid email address.")),
  roles: z
    .array(
      z
        .string({ error: "must be a role name" })
        .trim()
        .min(1, "This field may not be blank.")
        .max(32, "Ensure this field has no more than 32 characters.")
        .transform((v) => v.toUpperCase()),
      { error: "must be a list of role names" },
    )
    .min(1, "This list may not be empty.")
    .max(50, "too many roles")
    .transform((list) => [...new Set(list)]),
});
export type AssignRolesInput = z.output<typeof assignRolesBody>;
