import { z } from "zod";
import { adminUserSchema, userSchema } from "@/lib/auth/serializers";
import { detailResponse } from "@/lib/openapi/doc";

/** The bodies of the admin user and role actions that wrap a serialized user (lib/users/serializers.ts). */

export const userUnlockedSchema = detailResponse.extend({ user: adminUserSchema });

export const sessionsRevokedSchema = detailResponse.extend({
  revoked: z.number().int().min(0).describe("How many live sessions were revoked"),
});

export const rolesAssignedSchema = z.object({ message: z.string(), user: userSchema });
