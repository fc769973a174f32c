import { z } from "zod";

/**
 * All configuration, parsed once. Nothing else reads `process.env`.
 *
 * In the embedded default (no NODE_ENV=production) the start script and the test harness generate missing secrets
 * and keep them in `.data/secrets.json` before anything here runs, so this module only validates. With
 * NODE_ENV=production, missing or weak secrets and insecure settings are refused with a message naming the variable.
 * Edge-safe: no Node-only imports.
 */

const WEAK_MARKERS = ["changeme", "change-me", "secret", "password", "example", "default", "12345", "xxxxx"];

function isWeakSecret(value: string): boolean {
  if (value.length < 32) return true;
  const lower = value.toLowerCase();
  if (WEAK_MARKERS.some((m) => lower.includes(m))) return true;
  return new Set(value).size < 12;
}

const boolish = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const intFrom = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** A money amount in configuration ("5.00"), kept in integer cents. */
const centsFrom = (def: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = v === undefined || v === "" ? def : v.trim();
      const m = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(text);
      if (!m) {
        ctx.addIssue({ code: "custom", message: "must be an amount like 5.00 (at most 2 decimals, not negative)" });
        return z.NEVER;
      }
      return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
    });

/** A rate from 0 to 1 with at most 4 decimals ("0.0825"), kept in ten-thousandths (basis points / 100). */
const rateFrom = (def: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = v === undefined || v === "" ? def : v.trim();
      const m = /^(0|1)(?:\.(\d{1,4}))?$/.exec(text);
      const value = m ? Number(m[1]) * 10_000 + Number((m[2] ?? "").padEnd(4, "0")) : NaN;
      if (!m || value > 10_000) {
        ctx.addIssue({ code: "custom", message: "must be a rate from 0 to 1 with at most 4 decimals, e.g. 0.0825" });
        return z.NEVER;
      }
      return value;
    });

/** A decimal number in configuration ("2.5"), bounded. */
const numberFrom = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return def;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be a number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** The deployment mode; `npm start` sets it from NODE_ENV before `next start` forces NODE_ENV=production. */
  APP_ENV: z.enum(["development", "test", "production"]).optional(),
  PORT: intFrom(3000, 1, 65535),
  APP_URL: z.url().optional(),
  /** How the middleware reaches this instance's own handlers (loopback by default). */
  INTERNAL_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATABASE_POOL_MAX: intFrom(10, 1, 200),
  DATA_DIR: z.string().min(1).default(".data"),
  AUTH_SECRET: z.string().min(1).optional(),
  ENCRYPTION_KEY: z.string().min(1).optional(),
  SEED_DEMO_PASSWORD: z.string().min(1).optional(),
  TRUSTED_PROXY_HOPS: intFrom(0, 0, 10),
  CORS_ALLOWED_ORIGINS: z.string().default(""),
  UPSTASH_REDIS_REST_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
  UPSTASH_TIMEOUT_MS: intFrom(250, 20, 5000),
  /** Scales every rate limit (development and the e2e server only; production refuses anything but 1). */
  RATE_LIMIT_MULTIPLIER: intFrom(1, 1, 10_000),
  /** Requests per hour allowed to each API key (policy api.key, counted after the key is verified). */
  API_KEY_RATE_LIMIT_PER_HOUR: intFrom(1000, 1, 1_000_000),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Secure Shop <no-reply@localhost>"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  AUTH_LOCKOUT_THRESHOLD: intFrom(5, 1, 100),
  AUTH_LOCKOUT_MINUTES: intFrom(15, 1, 24 * 60),
  ALLOW_EMBEDDED_DB_IN_PRODUCTION: boolish,
  /** Passkeys: the relying party id (a domain, default APP_URL's hostname) and the origin they are used on (default APP_URL's origin). */
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, "must be a lowercase domain name like shop.example")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  WEBAUTHN_ORIGIN: z.url().optional().or(z.literal("").transform(() => undefined)),
  /** TOTP (authenticator apps): shown as the account's issuer; code length, step and accepted steps either side of now. */
  TOTP_ISSUER_NAME: z
    .string()
    .optional()
    .transform((v) => v?.trim() || "Secure Shop")
    .pipe(z.string().max(64, "must be at most 64 characters").regex(/^[^:]+$/, "must not contain ':' (it separates issuer and account in the otpauth label)")),
  TOTP_DIGITS: z
    .enum(["6", "8", ""], { error: "must be 6 or 8" })
    .optional()
    .transform((v): 6 | 8 => (v === "8" ? 8 : 6)),
  TOTP_PERIOD: intFrom(30, 15, 120),
  TOTP_WINDOW: intFrom(1, 0, 3),
  /** Sales tax on the subtotal, in ten-thousandths (0.10 → 1000). */
  SHOP_TAX_RATE: rateFrom("0.10"),
  /** Flat shipping per order, in cents. */
  SHOP_SHIPPING_FLAT: centsFrom("5.00"),
  /** Subtotal (cents) from which shipping is free; 0 turns free shipping off. */
  SHOP_FREE_SHIPPING_OVER: centsFrom("50.00"),
  /** The most units of one product in one order line (and in one cart line). */
  SHOP_MAX_QUANTITY_PER_ITEM: intFrom(100, 1, 10_000),
  /** Where uploaded files are kept (default `<DATA_DIR>/uploads`); never under public/. */
  UPLOAD_DIR: z.string().optional().transform((v) => v?.trim() || undefined),
  /** A virus scanner run on each stored upload, the file path appended (no shell), e.g. `clamdscan --no-summary --fdpass`. */
  FILE_SCAN_COMMAND: z.string().optional().transform((v) => v?.trim() || undefined),
  FILE_SCAN_TIMEOUT_MS: intFrom(30_000, 1000, 600_000),
  /** Monitoring: how often each instance adds its in-process request counters into metric_buckets. */
  METRICS_FLUSH_SECONDS: intFrom(5, 1, 60),
  /** The monitoring agent: off (not scheduled; a manual cycle detects but never acts), dry-run (records decisions, changes nothing) or act. */
  AGENT_MODE: z.enum(["off", "dry-run", "act", ""]).optional().transform((v): "off" | "dry-run" | "act" => (v ? v : "act")),
  AGENT_INTERVAL_SECONDS: intFrom(30, 5, 3600),
  /** How long an agent IP block, account lock and read-only period last (minutes). */
  AGENT_BLOCK_MINUTES: intFrom(15, 1, 24 * 60),
  AGENT_LOCK_MINUTES: intFrom(15, 1, 24 * 60),
  AGENT_READ_ONLY_MINUTES: intFrom(15, 1, 24 * 60),
  /** How long a proposal waits for an administrator's approval before it lapses (minutes). */
  AGENT_APPROVAL_MINUTES: intFrom(60, 1, 7 * 24 * 60),
  /** Automatic actions per rolling hour; beyond it decisions are recorded as suppressed (notifications excepted). */
  AGENT_MAX_ACTIONS_PER_HOUR: intFrom(20, 0, 10_000),
  /** IPs or CIDR ranges (comma-separated) the agent never blocks; loopback is always allow-listed. */
  AGENT_ALLOWLIST_IPS: z.string().default(""),
  /** Optional webhook receiving agent notifications (POST JSON, 5 s timeout). */
  AGENT_WEBHOOK_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  /** Consecutive cycles without its condition after which an agent alert is resolved automatically. */
  AGENT_AUTO_RESOLVE_CYCLES: intFrom(3, 1, 1000),
  /** Thresholds (the original's defaults): process CPU %, heap % of its limit, disk % of the data directory's filesystem. */
  MONITOR_CPU_WARN: numberFrom(70, 1, 10_000),
  MONITOR_CPU_CRIT: numberFrom(90, 1, 10_000),
  MONITOR_MEMORY_WARN: numberFrom(80, 1, 100),
  MONITOR_MEMORY_CRIT: numberFrom(95, 1, 100),
  MONITOR_DISK_WARN: numberFrom(85, 1, 100),
  MONITOR_DISK_CRIT: numberFrom(95, 1, 100),
  /** p95 latency (ms) and 5xx error rate (%) over the last MONITOR_WINDOW_MINUTES, once MONITOR_MIN_REQUESTS were served. */
  MONITOR_P95_WARN_MS: numberFrom(1000, 1, 600_000),
  MONITOR_P95_CRIT_MS: numberFrom(3000, 1, 600_000),
  MONITOR_ERROR_RATE_WARN: numberFrom(5, 0.01, 100),
  MONITOR_ERROR_RATE_CRIT: numberFrom(10, 0.01, 100),
  MONITOR_MIN_REQUESTS: intFrom(20, 1, 1_000_000),
  MONITOR_WINDOW_MINUTES: intFrom(5, 1, 60),
  /** Statistical detectors: robust z-score (median/MAD) needed against the trailing baseline (minutes). */
  MONITOR_ANOMALY_Z: numberFrom(4, 1, 100),
  MONITOR_BASELINE_MINUTES: intFrom(60, 10, 24 * 60),
  /** Security rules: window, distinct accounts per IP (credential stuffing), distinct IPs per account (brute force), client errors of one class (scanning). */
  MONITOR_SECURITY_WINDOW_MINUTES: intFrom(10, 1, 24 * 60),
  MONITOR_STUFFING_ACCOUNTS: intFrom(5, 2, 10_000),
  MONITOR_BRUTE_FORCE_IPS: intFrom(5, 2, 10_000),
  MONITOR_SCAN_THRESHOLD: intFrom(100, 1, 10_000_000),
  /** Monitoring: seconds between two `dashboard` events of the live stream (GET /api/monitoring/stream/). */
  MONITOR_STREAM_SECONDS: intFrom(5, 1, 60),
  /** Fault injection for drills (POST /api/monitoring/faults/): off by default, and never available in production. */
  FAULT_INJECTION: boolish,
  /** Webhooks (lib/webhooks/): attempts per delivery, backoff base and cap (ms), per-attempt timeout, worker period, batch, log retention. */
  WEBHOOK_MAX_ATTEMPTS: intFrom(12, 1, 50),
  WEBHOOK_BACKOFF_BASE_MS: intFrom(30_000, 1, 3_600_000),
  WEBHOOK_BACKOFF_MAX_MS: intFrom(6 * 3_600_000, 1, 7 * 24 * 3_600_000),
  WEBHOOK_TIMEOUT_MS: intFrom(10_000, 100, 60_000),
  WEBHOOK_WORKER_INTERVAL_SECONDS: intFrom(5, 1, 3600),
  WEBHOOK_BATCH_SIZE: intFrom(20, 1, 200),
  WEBHOOK_RETENTION_DAYS: intFrom(30, 1, 3650),
  /** Development only: lets webhooks target loopback and private addresses over plain http (never link-local or metadata). */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: boolish,
});

export type Env = Omit<z.infer<typeof schema>, "APP_URL" | "AUTH_SECRET" | "ENCRYPTION_KEY" | "CORS_ALLOWED_ORIGINS" | "WEBAUTHN_RP_ID" | "WEBAUTHN_ORIGIN"> & {
  APP_URL: string;
  WEBAUTHN_RP_ID: string;
  WEBAUTHN_ORIGIN: string;
  AUTH_SECRET: string;
  /** 32 bytes for AES-256-GCM. */
  ENCRYPTION_KEY: Uint8Array;
  CORS_ALLOWED_ORIGINS: string[];
  isProduction: boolean;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function decodeKey(value: string): Uint8Array | null {
  const text = value.trim();
  let bytes: Uint8Array | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(text)) {
    bytes = new Uint8Array(32);
    for (let i = 0; i < 32; i++) bytes[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  } else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(b64.length % 4 ? b64 + "=".repeat(4 - (b64.length % 4)) : b64);
    bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  }
  return bytes && bytes.length === 32 ? bytes : null;
}

/** Parses a raw environment; exported for tests. Throws ConfigError naming every bad variable. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const v = result.data;
  const isProduction = (v.APP_ENV ?? v.NODE_ENV) === "production";
  const problems: string[] = [];

  if (!v.AUTH_SECRET) problems.push("AUTH_SECRET is missing (32+ random characters, e.g. `openssl rand -base64 48`)");
  else if (isProduction && isWeakSecret(v.AUTH_SECRET))
    problems.push("AUTH_SECRET is weak: use 32+ random characters (e.g. `openssl rand -base64 48`)");

  const key = v.ENCRYPTION_KEY ? decodeKey(v.ENCRYPTION_KEY) : null;
  if (!v.ENCRYPTION_KEY) problems.push("ENCRYPTION_KEY is missing (32 random bytes, base64 or hex: `openssl rand -base64 32`)");
  else if (!key) problems.push("ENCRYPTION_KEY must be 32 bytes, base64 or hex encoded (`openssl rand -base64 32`)");
  else if (isProduction && new Set(key).size < 8) problems.push("ENCRYPTION_KEY is weak: use 32 random bytes");

  const appUrl = v.APP_URL ?? `http://localhost:${v.PORT}`;
  if (isProduction) {
    if (!v.DATABASE_URL && !v.ALLOW_EMBEDDED_DB_IN_PRODUCTION)
      problems.push("DATABASE_URL is missing: production runs on PostgreSQL (the embedded database is one process only)");
    if (!v.APP_URL) problems.push("APP_URL is missing: the public https:// origin of the shop");
    else if (!appUrl.startsWith("https://")) problems.push("APP_URL must be an https:// URL in production");
    if (v.RATE_LIMIT_MULTIPLIER !== 1) problems.push("RATE_LIMIT_MULTIPLIER must be 1 in production");
    if (v.UPSTASH_REDIS_REST_URL && !v.UPSTASH_REDIS_REST_TOKEN)
      problems.push("UPSTASH_REDIS_REST_TOKEN is missing while UPSTASH_REDIS_REST_URL is set");
  }

  if (isProduction && v.AGENT_WEBHOOK_URL && !v.AGENT_WEBHOOK_URL.startsWith("https://")) problems.push("AGENT_WEBHOOK_URL must be an https:// URL in production");
  if (isProduction && v.WEBHOOK_ALLOW_PRIVATE_TARGETS) problems.push("WEBHOOK_ALLOW_PRIVATE_TARGETS must be off in production: webhooks must not reach loopback or private addresses");
  for (const [warn, crit] of [["MONITOR_CPU_WARN", "MONITOR_CPU_CRIT"], ["MONITOR_MEMORY_WARN", "MONITOR_MEMORY_CRIT"], ["MONITOR_DISK_WARN", "MONITOR_DISK_CRIT"], ["MONITOR_P95_WARN_MS", "MONITOR_P95_CRIT_MS"], ["MONITOR_ERROR_RATE_WARN", "MONITOR_ERROR_RATE_CRIT"]] as const) {
    if (v[warn] > v[crit]) problems.push(`${warn} (${v[warn]}) must not be above ${crit} (${v[crit]})`);
  }

  const origins = v.CORS_ALLOWED_ORIGINS.split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of origins) {
    if (o === "*") problems.push("CORS_ALLOWED_ORIGINS must list origins, not '*'");
    else if (!/^https?:\/\/[^/]+$/.test(o)) problems.push(`CORS_ALLOWED_ORIGINS: '${o}' is not an origin like https://shop.example`);
  }

  const rpOrigin = v.WEBAUTHN_ORIGIN ? v.WEBAUTHN_ORIGIN.replace(/\/$/, "") : URL.canParse(appUrl) ? new URL(appUrl).origin : appUrl;
  const rpHost = URL.canParse(rpOrigin) ? new URL(rpOrigin).hostname : "";
  const rpId = v.WEBAUTHN_RP_ID ?? rpHost;
  if (v.WEBAUTHN_ORIGIN && (!/^https?:\/\/[^/]+$/.test(rpOrigin) || new URL(rpOrigin).origin !== rpOrigin))
    problems.push(`WEBAUTHN_ORIGIN: '${v.WEBAUTHN_ORIGIN}' is not an origin like https://shop.example`);
  else if (rpHost !== rpId && !rpHost.endsWith(`.${rpId}`))
    problems.push(`WEBAUTHN_RP_ID: '${rpId}' must be the host of WEBAUTHN_ORIGIN (${rpOrigin}) or a parent domain of it`);
  else if (isProduction && !rpOrigin.startsWith("https://")) problems.push("WEBAUTHN_ORIGIN must be an https:// origin in production");

  if (problems.length) throw new ConfigError(problems);
  return {
    ...v,
    APP_URL: appUrl.replace(/\/$/, ""),
    AUTH_SECRET: v.AUTH_SECRET as string,
    ENCRYPTION_KEY: key as Uint8Array,
    CORS_ALLOWED_ORIGINS: origins,
    WEBAUTHN_RP_ID: rpId,
    WEBAUTHN_ORIGIN: rpOrigin,
    isProduction,
  };
}

let cached: Env | undefined;

/** The validated configuration of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** True while `next build` runs: nothing may open the database then. */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === "phase-production-build";
}

/** Tests only: forget the parsed configuration after changing process.env. */
export function resetEnvForTests(): void {
  cached = undefined;
}
