import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { files } from "./files";

export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const created = () => ts("created_at").notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: varchar("email", { length: 254 }).notNull(),
    username: varchar("username", { length: 50 }).notNull(),
    firstName: varchar("first_name", { length: 150 }).notNull().default(""),
    lastName: varchar("last_name", { length: 150 }).notNull().default(""),
    phoneNumber: varchar("phone_number", { length: 20 }).notNull().default(""),
    /** An `avatar` file the user uploaded; shown on their account page. */
    avatarFileId: bigint("avatar_file_id", { mode: "number" }).references((): AnyPgColumn => files.id, { onDelete: "set null" }),
    passwordHash: text("password_hash").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    isVerified: boolean("is_verified").notNull().default(false),
    emailVerifiedAt: ts("email_verified_at"),
    failedLoginAttempts: integer("failed_login_attempts").notNull().default(0),
    lastFailedLoginAt: ts("last_failed_login_at"),
    lockedUntil: ts("locked_until"),
    mfaEnabled: boolean("mfa_enabled").notNull().default(false),
    passwordChangedAt: ts("password_changed_at"),
    lastLoginAt: ts("last_login_at"),
    createdAt: created(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_lower_uq").on(sql`lower(${t.email})`),
    uniqueIndex("users_username_lower_uq").on(sql`lower(${t.username})`),
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
    check("users_username_format", sql`${t.username} ~ '^[A-Za-z0-9_.-]{3,50}$'`),
    check("users_failed_nonneg", sql`${t.failedLoginAttempts} >= 0`),
    index("users_created_idx").on(t.createdAt),
  ],
);

export const roles = pgTable(
  "roles",
  {
    id: serial("id").primaryKey(),
    name: varchar("name", { length: 32 }).notNull().unique(),
    displayName: varchar("display_name", { length: 64 }).notNull(),
    description: text("description").notNull().default(""),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: created(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [check("roles_name_format", sql`${t.name} ~ '^[A-Z_]{3,32}$'`)],
);

export const permissions = pgTable(
  "permissions",
  {
    id: serial("id").primaryKey(),
    code: varchar("code", { length: 64 }).notNull().unique(),
    description: text("description").notNull().default(""),
  },
  (t) => [check("permissions_code_format", sql`${t.code} ~ '^[a-z_]+:[a-z_]+$'`)],
);

export const rolePermissions = pgTable(
  "role_permissions",
  {
    roleId: integer("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    permissionId: integer("permission_id")
      .notNull()
      .references(() => permissions.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.permissionId] })],
);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    roleId: integer("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    assignedBy: bigint("assigned_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    assignedAt: ts("assigned_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index("user_roles_role_idx").on(t.roleId)],
);

/** Every signed-in session, browser or API. Revoking the row stops the session at once. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: varchar("kind", { length: 16 }).notNull(),
    amr: text("amr").array().notNull().default(sql`'{}'::text[]`),
    ip: inet("ip"),
    userAgent: text("user_agent").notNull().default(""),
    createdAt: created(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
    revokedReason: varchar("revoked_reason", { length: 64 }),
  },
  (t) => [
    check("sessions_kind", sql`${t.kind} in ('browser', 'api')`),
    index("sessions_user_idx").on(t.userId, t.createdAt),
  ],
);

/** Opaque refresh tokens, stored only as SHA-256 hashes; each use rotates to a new row. */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    tokenHash: varchar("token_hash", { length: 64 }).notNull().unique(),
    createdAt: created(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
  },
  (t) => [index("refresh_tokens_session_idx").on(t.sessionId)],
);

/** Single-use, expiring tokens sent by mail or bound to a login step; stored hashed. */
export const authTokens = pgTable(
  "auth_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: varchar("purpose", { length: 32 }).notNull(),
    tokenHash: varchar("token_hash", { length: 64 }).notNull().unique(),
    metadata: jsonb("metadata").notNull().default({}),
    createdAt: created(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
  },
  (t) => [
    check("auth_tokens_purpose", sql`${t.purpose} in ('email_verify', 'password_reset', 'mfa_login')`),
    index("auth_tokens_user_idx").on(t.userId, t.purpose),
  ],
);

/** Failure counters for lockout by account or by client IP ("user:<id>" / "ip:<addr>"), updated atomically. */
export const loginThrottles = pgTable("login_throttles", {
  key: varchar("key", { length: 128 }).primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: ts("window_started_at").notNull().defaultNow(),
  lockedUntil: ts("locked_until"),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const totpSecrets = pgTable(
  "totp_secrets",
  {
    userId: bigint("user_id", { mode: "number" })
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    /** AES-256-GCM: iv | ciphertext | tag. */
    secretEncrypted: bytea("secret_encrypted").notNull(),
    status: varchar("status", { length: 16 }).notNull().default("pending"),
    lastUsedStep: bigint("last_used_step", { mode: "number" }),
    createdAt: created(),
    enabledAt: ts("enabled_at"),
  },
  (t) => [check("totp_status", sql`${t.status} in ('pending', 'enabled')`)],
);

export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: varchar("code_hash", { length: 64 }).notNull(),
    createdAt: created(),
    usedAt: ts("used_at"),
  },
  (t) => [uniqueIndex("recovery_codes_user_hash_uq").on(t.userId, t.codeHash)],
);

export const webauthnCredentials = pgTable(
  "webauthn_credentials",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** base64url of the raw credential id, exactly as the authenticator reports it. */
    credentialId: varchar("credential_id", { length: 1024 }).notNull().unique(),
    publicKey: bytea("public_key").notNull(),
    counter: bigint("counter", { mode: "number" }).notNull().default(0),
    transports: text("transports").array().notNull().default(sql`'{}'::text[]`),
    deviceType: varchar("device_type", { length: 32 }).notNull(),
    backedUp: boolean("backed_up").notNull().default(false),
    name: varchar("name", { length: 100 }).notNull(),
    createdAt: created(),
    lastUsedAt: ts("last_used_at"),
  },
  (t) => [index("webauthn_credentials_user_idx").on(t.userId), check("webauthn_counter_nonneg", sql`${t.counter} >= 0`)],
);

export const webauthnChallenges = pgTable(
  "webauthn_challenges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    challenge: varchar("challenge", { length: 128 }).notNull().unique(),
    purpose: varchar("purpose", { length: 16 }).notNull(),
    userId: bigint("user_id", { mode: "number" }).references(() => users.id, { onDelete: "cascade" }),
    createdAt: created(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
  },
  (t) => [
    check("webauthn_challenge_purpose", sql`${t.purpose} in ('registration', 'authentication')`),
    index("webauthn_challenges_expiry_idx").on(t.expiresAt),
  ],
);

/** Append-only; each row's hash covers its content and the previous row's hash. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: ts("occurred_at").notNull().defaultNow(),
    /** No foreign key on purpose: deleting a user must not rewrite (and so break) hashed audit rows. */
    actorUserId: bigint("actor_user_id", { mode: "number" }),
    action: varchar("action", { length: 64 }).notNull(),
    targetType: varchar("target_type", { length: 32 }).notNull(),
    targetId: varchar("target_id", { length: 100 }),
    result: varchar("result", { length: 16 }).notNull(),
    ip: inet("ip"),
    userAgent: text("user_agent").notNull().default(""),
    requestId: varchar("request_id", { length: 64 }),
    metadata: jsonb("metadata").notNull().default({}),
    prevHash: varchar("prev_hash", { length: 64 }).notNull(),
    hash: varchar("hash", { length: 64 }).notNull(),
  },
  (t) => [
    check("audit_result", sql`${t.result} in ('SUCCESS', 'FAILURE', 'BLOCKED')`),
    index("audit_actor_idx").on(t.actorUserId, t.occurredAt),
    index("audit_action_idx").on(t.action, t.result, t.occurredAt),
    index("audit_ip_idx").on(t.ip, t.occurredAt),
    index("audit_target_idx").on(t.targetType, t.targetId),
  ],
);

/** Mail that would go out when no SMTP_URL is configured: the local outbox (developers and tests read it). */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    toAddress: varchar("to_address", { length: 254 }).notNull(),
    subject: varchar("subject", { length: 200 }).notNull(),
    body: text("body").notNull(),
    createdAt: created(),
    sentAt: ts("sent_at"),
    error: text("error"),
  },
  (t) => [index("email_outbox_to_idx").on(t.toAddress, t.createdAt)],
);
