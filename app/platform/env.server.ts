import { createHash } from "node:crypto";
import { z } from "zod";
import { parseKeyRing, type KeyRing } from "./crypto";

/** Thrown when the environment cannot run the app; the message is one line naming the variables. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

const nonEmpty = z.string().trim().min(1, "is required");

// Placeholders a template or a local sandbox writes; a production app must never run with them.
const PLACEHOLDER = /^(local|dev|test|sandbox|changeme|placeholder)/i;

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    SHOPIFY_API_KEY: nonEmpty,
    SHOPIFY_API_SECRET: z
      .string({ error: "is required" })
      .min(1, "is required")
      .min(32, "must be the app's client secret (32 or more characters)")
      .regex(/^\S+$/, "must not contain whitespace"),
    SHOPIFY_APP_URL: z.url({ error: "must be an absolute URL such as https://privacy.example.com" }),
    SCOPES: nonEmpty.transform((value, ctx) => {
      const scopes = value.split(",").map((s) => s.trim()).filter(Boolean);
      if (!scopes.every((s) => /^(read|write|unauthenticated_read|unauthenticated_write)_[a-z_]+$/.test(s))) {
        ctx.addIssue({ code: "custom", message: "must be a comma-separated list of Shopify access scopes" });
        return z.NEVER;
      }
      return scopes;
    }),
    DATABASE_URL: z
      .string({ error: "is required" })
      .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, "must start with file: (SQLite) or postgres:// (PostgreSQL)"),
    PORT: z.coerce.number({ error: "must be a port number" }).int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATA_ENCRYPTION_KEYS: z.string({ error: "is required (id:base64 32-byte key, comma-separated)" }).min(1, "is required"),
    DATA_ENCRYPTION_ACTIVE_KEY_ID: z.string({ error: "is required" }).min(1, "is required"),
    BLIND_INDEX_KEY: z.string({ error: "is required (base64 32-byte key)" }).min(1, "is required"),
    // HMAC key that signs the audit chain checkpoints streamed to a SIEM (base64, 32+ bytes). Never
    // stored in the database, so whoever can rewrite the chain there cannot re-sign it (ADR 0016).
    AUDIT_CHECKPOINT_KEY: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || (/^[A-Za-z0-9+/]+=*$/.test(v) && Buffer.from(v, "base64").length >= 32), "must be a base64 key of 32 or more bytes (openssl rand -base64 32)"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    JOB_WORKER: z.enum(["on", "off"]).default("on"),
    // Where Admin API calls go instead of https://{shop}: the local stand-in in tests and the sandbox.
    SHOPIFY_ADMIN_API_ORIGIN: z.url({ error: "must be an absolute URL" }).optional(),
    // Exports read a customer's orders with a bulk operation above this many orders (pages below).
    EXPORT_BULK_ORDERS_ABOVE: z.coerce.number({ error: "must be a number of orders" }).int().min(0).max(10_000_000).default(100),
    // Job loops per process; default 1 on SQLite (one connection), 8 on PostgreSQL (ADR 0014).
    JOB_CONCURRENCY: z.coerce.number({ error: "must be a number" }).int().min(1).max(64).optional(),
    JOB_LEASE_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).int().min(2).max(3600).default(60),
    // Verification emails for guest requests; without it guest requests are refused (503).
    SMTP_URL: z
      .string()
      .trim()
      .regex(/^smtps?:\/\/[^\s]+$/, "must look like smtp://host:port or smtps://user:pass@host:465")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    MAIL_FROM: z.email({ error: "must be an email address such as privacy@example.com" }).optional().or(z.literal("").transform(() => undefined)),
    PROXY_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: "must be a number" }).int().min(1).max(100_000).default(20),
    PROXY_SHOP_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: "must be a number" }).int().min(1).max(1_000_000).default(600),
    // How many proxies in front of the app append to X-Forwarded-For (Fly, Render, Heroku: 1).
    TRUST_PROXY_HOPS: z.coerce.number({ error: "must be a number of proxies" }).int().min(0).max(10).default(0),
    // The sandbox and the tests run with development placeholders and plain http on loopback; this
    // (and nothing else, NODE_ENV included) lets them skip the production checks below (ADR 0009).
    APP_LOCAL_ONLY: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["sandbox", "test"], { error: "must be sandbox or test (or unset in production)" }).optional()),
  })
  .superRefine((env, ctx) => {
    if (env.APP_LOCAL_ONLY) {
      if (!LOOPBACK.has(env.HOST)) {
        ctx.addIssue({ code: "custom", path: ["APP_LOCAL_ONLY"], message: `is for the sandbox and tests on loopback; it is refused with HOST=${env.HOST}` });
      }
      if (env.NODE_ENV === "production") {
        ctx.addIssue({ code: "custom", path: ["APP_LOCAL_ONLY"], message: "is for the sandbox and tests; it is refused with NODE_ENV=production" });
      }
      return;
    }
    if (PLACEHOLDER.test(env.SHOPIFY_API_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["SHOPIFY_API_SECRET"], message: "is a development placeholder; production needs the app's real client secret" });
    }
    if (/(^|,)\s*local/i.test(env.DATA_ENCRYPTION_KEYS) || PLACEHOLDER.test(env.DATA_ENCRYPTION_ACTIVE_KEY_ID)) {
      ctx.addIssue({ code: "custom", path: ["DATA_ENCRYPTION_KEYS"], message: "holds a generated local key; production needs its own keys" });
    }
    if (env.AUDIT_CHECKPOINT_KEY && env.AUDIT_CHECKPOINT_KEY === env.BLIND_INDEX_KEY.trim()) {
      ctx.addIssue({ code: "custom", path: ["AUDIT_CHECKPOINT_KEY"], message: "must be its own key, not BLIND_INDEX_KEY" });
    }
    if (env.SHOPIFY_ADMIN_API_ORIGIN) {
      ctx.addIssue({ code: "custom", path: ["SHOPIFY_ADMIN_API_ORIGIN"], message: "is for tests and the local sandbox; production talks to Shopify" });
    }
    if (!env.SHOPIFY_APP_URL.startsWith("https://")) {
      ctx.addIssue({ code: "custom", path: ["SHOPIFY_APP_URL"], message: "must be https:// in production" });
    }
  });

export type Env = Omit<z.infer<typeof EnvSchema>, "DATA_ENCRYPTION_KEYS" | "DATA_ENCRYPTION_ACTIVE_KEY_ID" | "BLIND_INDEX_KEY" | "AUDIT_CHECKPOINT_KEY"> & {
  keyRing: KeyRing;
  /** The checkpoint signing key and its id (the first 16 hex digits of its SHA-256), or null when unset. */
  checkpointKey: { id: string; key: Buffer } | null;
  databaseProvider: "sqlite" | "postgres";
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  // server/load-build.mjs sets NODE_ENV=production for the libraries and keeps the operator's value here.
  const declared = source.DECLARED_NODE_ENV === undefined ? source : { ...source, NODE_ENV: source.DECLARED_NODE_ENV || undefined };
  const result = EnvSchema.safeParse(declared);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`);
    throw new ConfigurationError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const { DATA_ENCRYPTION_KEYS, DATA_ENCRYPTION_ACTIVE_KEY_ID, BLIND_INDEX_KEY, AUDIT_CHECKPOINT_KEY, ...rest } = result.data;
  let keyRing: KeyRing;
  try {
    keyRing = parseKeyRing(DATA_ENCRYPTION_KEYS, DATA_ENCRYPTION_ACTIVE_KEY_ID, BLIND_INDEX_KEY);
  } catch (error) {
    throw new ConfigurationError(`Invalid configuration: DATA_ENCRYPTION_KEYS/BLIND_INDEX_KEY ${(error as Error).message}`);
  }
  const checkpointKey = AUDIT_CHECKPOINT_KEY ? checkpointKeyOf(AUDIT_CHECKPOINT_KEY) : null;
  return { ...rest, keyRing, checkpointKey, databaseProvider: rest.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgres" };
}

export function checkpointKeyOf(base64: string): { id: string; key: Buffer } {
  const key = Buffer.from(base64, "base64");
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 16), key };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
