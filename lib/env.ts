// Keyport's configuration: every environment variable, declared once with its type, default
// and meaning. `env()` validates the whole environment on first use (the servers call it at
// start) and throws one message naming every bad variable. The README's Configuration table
// is generated from ENV_DOCS (`npm run docs:env`), and a test fails when the two disagree.
//
// Pure apart from reading process.env: no server-only import, so scripts (the docs generator)
// can load it too. The launcher (scripts/run.mjs) reads the few it needs before Node runs
// TypeScript (PORT, HOST, KEYPORT_ALLOW_REMOTE, KEYPORT_SEED, KEYPORT_MAX_HEAP_MB); they are
// declared here all the same, so the server validates them and the README lists them.
import { createPublicKey, type KeyObject } from "node:crypto";
import { z } from "zod";
import { parseIpRanges, type IpRange } from "@/lib/net/ip";
import { DEFAULT_KEY_PREFIX, keyPrefixError } from "@/lib/keys/token";

const ON = new Set(["1", "on", "true", "yes"]);
const OFF = new Set(["0", "off", "false", "no"]);

/** A switch: `1`/`on`/`true`/`yes` or `0`/`off`/`false`/`no`; unset or empty is the default. */
const flag = <T extends boolean | undefined>(fallback: T) =>
  z
    .string()
    .optional()
    .transform((value, ctx): boolean | T => {
      const v = value?.trim().toLowerCase() ?? "";
      if (v === "") return fallback;
      if (ON.has(v)) return true;
      if (OFF.has(v)) return false;
      ctx.addIssue({ code: "custom", message: "use 1/on or 0/off" });
      return z.NEVER;
    });

/** A whole number within bounds; unset or empty is the default. */
const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `use a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

const prefix = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const p = value?.trim() || DEFAULT_KEY_PREFIX;
    const problem = keyPrefixError(p);
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return p;
  });

const prefixList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const list = (value ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    for (const p of list) {
      const problem = keyPrefixError(p);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }
    return list;
  });

const ipRanges = z
  .string()
  .optional()
  .transform((value, ctx): IpRange[] => {
    const entries = (value ?? "").split(",").map((e) => e.trim()).filter(Boolean);
    try {
      return parseIpRanges(entries);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

/** A secret scanner's public keys, shaped like GitHub's `meta/public_keys/secret_scanning`. */
const scannerKeysDocument = z.object({
  public_keys: z
    .array(z.object({ key_identifier: z.string().min(1), key: z.string().min(1), is_current: z.boolean().optional() }))
    .min(1, "list at least one key"),
});

export type ScannerPublicKey = { identifier: string; key: KeyObject; isCurrent: boolean };

const scannerKeys = z
  .string()
  .optional()
  .transform((value, ctx): ScannerPublicKey[] => {
    if (value === undefined || value.trim() === "") return [];
    let document: unknown;
    try {
      document = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: "custom", message: 'use JSON: {"public_keys": [{"key_identifier", "key", "is_current"}]}' });
      return z.NEVER;
    }
    const parsed = scannerKeysDocument.safeParse(document);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: `use {"public_keys": [{"key_identifier", "key", "is_current"}]}: ${parsed.error.issues[0]?.message}` });
      return z.NEVER;
    }
    const keys: ScannerPublicKey[] = [];
    for (const entry of parsed.data.public_keys) {
      try {
        const key = createPublicKey(entry.key.replace(/\\n/g, "\n"));
        if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") throw new Error("not P-256");
        keys.push({ identifier: entry.key_identifier, key, isCurrent: entry.is_current ?? false });
      } catch {
        ctx.addIssue({ code: "custom", message: `key "${entry.key_identifier}" is not an ECDSA P-256 public key in PEM` });
      }
    }
    return keys;
  });

const redisUrl = optionalText.pipe(
  z.url({ protocol: /^rediss?$/, error: "use a redis:// or rediss:// URL such as redis://127.0.0.1:6379" }).optional(),
);

const publicUrl = optionalText.pipe(
  z
    .url({ protocol: /^https?$/, error: "use an http(s) URL such as https://keys.example.com" })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
);

export const envSchema = z.object({
  DATABASE_URL: optionalText.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, "use a postgresql:// URL").optional(),
  ),
  KEYPORT_DATA_DIR: optionalText.transform((v) => v ?? ".data"),
  KEYPORT_EMBEDDED: flag(false),
  KEYPORT_EMBEDDED_PORT: int(0, 0, 65535),
  PORT: int(3000, 1, 65535),
  HOST: optionalText,
  KEYPORT_ALLOW_REMOTE: flag(false),
  KEYPORT_TRUSTED_PROXIES: ipRanges,
  KEYPORT_REDIS_URL: redisUrl,
  KEYPORT_REDIS_PREFIX: optionalText.transform((v) => v ?? "keyport"),
  KEYPORT_REDIS_BUDGET_MS: int(250, 10, 60_000),
  KEYPORT_FAILED_VERIFY_LIMIT: int(100, 0, 1_000_000_000),
  KEYPORT_FAILED_VERIFY_WINDOW_S: int(60, 1, 86_400),
  KEYPORT_WRITE_LIMIT: int(60, 1, 1_000_000_000),
  KEYPORT_SECRET_SCANNING_PUBLIC_KEYS: scannerKeys,
  KEYPORT_WEBHOOK_ALLOW_PRIVATE: flag(undefined),
  KEYPORT_WEBHOOK_WORKER: flag(true),
  KEYPORT_WEBHOOK_POLL_MS: int(1000, 50, 3_600_000),
  KEYPORT_WEBHOOK_TIMEOUT_MS: int(10_000, 100, 120_000),
  KEYPORT_WEBHOOK_RETRY_BASE_MS: int(30_000, 10, 3_600_000),
  KEYPORT_WEBHOOK_RETRY_HOURS: int(24, 1, 168),
  KEYPORT_WEBHOOK_SWEEP_MS: int(60_000, 50, 3_600_000),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optionalText,
  CLERK_SECRET_KEY: optionalText,
  CLERK_JWT_KEY: optionalText.transform((v) => v?.replace(/\\n/g, "\n")),
  KEYPORT_KEY_PREFIX: prefix,
  KEYPORT_ACCEPTED_KEY_PREFIXES: prefixList,
  KEYPORT_SECRET: optionalText,
  KEYPORT_PUBLIC_URL: publicUrl,
  KEYPORT_USAGE_FLUSH_MS: int(1000, 100, 3_600_000),
  KEYPORT_RECORD_VERIFICATIONS: flag(true),
  KEYPORT_EVENT_RETENTION_DAYS: int(30, 1, 3650),
  KEYPORT_VERIFY_CACHE: flag(true),
  KEYPORT_VERIFY_CACHE_SIZE: int(50_000, 1, 10_000_000),
  KEYPORT_VERIFY_NEGATIVE_CACHE_SIZE: int(10_000, 1, 10_000_000),
  KEYPORT_FAST_VERIFY: flag(true),
  KEYPORT_LOG_REQUESTS: flag(true),
  KEYPORT_DB_POOL_SIZE: int(0, 0, 1000),
  KEYPORT_DB_TIMEOUT_MS: int(5000, 100, 600_000),
  KEYPORT_MAX_HEAP_MB: int(256, 64, 65_536),
  KEYPORT_SEED: flag(false),
});

export type Env = z.output<typeof envSchema>;

/** The README's Configuration table: default as shown to a reader, and meaning. */
export const ENV_DOCS = {
  DATABASE_URL: ["unset: embedded PGlite", "A PostgreSQL URL. When set, PGlite is never touched."],
  KEYPORT_DATA_DIR: ["`.data`", "Embedded database, local session key pair, local secret."],
  KEYPORT_EMBEDDED: ["set by the launcher", "`1` when `DATABASE_URL` points at the embedded database (one connection is all it serves well)."],
  KEYPORT_EMBEDDED_PORT: ["a free port", "Port of the embedded database's socket server (127.0.0.1)."],
  PORT: ["`3000`", "Where the server listens."],
  HOST: ["`127.0.0.1` (local mode), `0.0.0.0` (Clerk mode)", "The address the server binds to."],
  KEYPORT_ALLOW_REMOTE: ["off", "`1` lets local mode listen beyond loopback."],
  KEYPORT_TRUSTED_PROXIES: ["none", "Comma-separated CIDRs or addresses of your proxies. Only requests from them have `X-Forwarded-For` read (right to left, to the first address that is not one of them); from anyone else it is ignored."],
  KEYPORT_REDIS_URL: ["unset: limits in memory", "A `redis://` URL. Rate limits are then shared by every instance; if Redis cannot be reached, each instance falls back to its own memory (logged once, reported by `/api/health`)."],
  KEYPORT_REDIS_PREFIX: ["`keyport`", "Prefix of every Redis key Keyport writes, so deployments can share one Redis."],
  KEYPORT_REDIS_BUDGET_MS: ["`250`", "How long one verification's rate-limit work may wait on Redis, all its commands together; past it, limits are counted in memory until Redis answers again."],
  KEYPORT_FAILED_VERIFY_LIMIT: ["`100`", "Failed verifications a client IP may make per window; past it every verification from that IP gets 429. `0` turns this limit off (when a firewall in front does the same)."],
  KEYPORT_FAILED_VERIFY_WINDOW_S: ["`60`", "The window of that limit, in seconds."],
  KEYPORT_WRITE_LIMIT: ["`60`", "Management writes (create, revoke, …) per signed-in user per minute, on the REST API and the dashboard."],
  KEYPORT_WEBHOOK_ALLOW_PRIVATE: ["on in local mode, off with Clerk", "`1` lets webhooks go to plain `http` and to loopback, private and link-local addresses. Off, both are refused, checked on the address each delivery connects to."],
  KEYPORT_WEBHOOK_WORKER: ["on", "`0` stops this instance delivering webhooks and queueing expiry events; it still queues events for others to deliver."],
  KEYPORT_WEBHOOK_POLL_MS: ["`1000`", "How often an instance looks for webhook deliveries that are due."],
  KEYPORT_WEBHOOK_TIMEOUT_MS: ["`10000`", "How long a webhook endpoint has to answer before the attempt counts as failed."],
  KEYPORT_WEBHOOK_RETRY_BASE_MS: ["`30000`", "The first retry's delay; each later one doubles it (with jitter)."],
  KEYPORT_WEBHOOK_RETRY_HOURS: ["`24`", "How long a delivery is retried before it is marked failed."],
  KEYPORT_WEBHOOK_SWEEP_MS: ["`60000`", "How often an instance queues `key.expiring` and `key.expired` events."],
  KEYPORT_SECRET_SCANNING_PUBLIC_KEYS: ["unset: leak reports off (404)", "A secret scanner's public keys as JSON, shaped like GitHub's `meta/public_keys/secret_scanning`: `{\"public_keys\": [{\"key_identifier\", \"key\", \"is_current\"}]}`."],
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: ["unset", "With `CLERK_SECRET_KEY`: Clerk mode (Organizations are workspaces, `org:admin` is admin)."],
  CLERK_SECRET_KEY: ["unset", "Clerk's secret key; both Clerk keys set means Clerk mode."],
  CLERK_JWT_KEY: ["unset", "Clerk's PEM public key for networkless token verification (`\\n` escapes allowed)."],
  KEYPORT_KEY_PREFIX: [`\`${DEFAULT_KEY_PREFIX}\``, "Prefix of new keys (`sk` gives `sk_live_…`). Clerk's `ak`, `mt`, `oat` are refused."],
  KEYPORT_ACCEPTED_KEY_PREFIXES: ["unset", "Comma-separated extra prefixes the verifier still accepts after a prefix change."],
  KEYPORT_SECRET: ["a random file in the data dir", "Encrypts idempotency replays and webhook signing secrets. Set the same value on every instance."],
  KEYPORT_PUBLIC_URL: ["the request's host", "Base URL shown in snippets and the OpenAPI document."],
  KEYPORT_USAGE_FLUSH_MS: ["`1000`", "How often `last_used_at`, daily counts and the verification log are written."],
  KEYPORT_RECORD_VERIFICATIONS: ["on", "`0` stops recording each verification (request lookup and recent activity); the daily counts remain."],
  KEYPORT_EVENT_RETENTION_DAYS: ["`30`", "Days of verification events kept; older days are dropped whole (daily partitions)."],
  KEYPORT_VERIFY_CACHE: ["on", "`off` sends every verification to the database."],
  KEYPORT_VERIFY_CACHE_SIZE: ["`50000`", "Cached verification results (least recently used are evicted)."],
  KEYPORT_VERIFY_NEGATIVE_CACHE_SIZE: ["`10000`", "Cached unknown keys, each for 60 s, so repeated guesses cost no query."],
  KEYPORT_FAST_VERIFY: ["on", "`0` lets Next's route handler answer the verify route too."],
  KEYPORT_LOG_REQUESTS: ["on", "`0` silences the one-JSON-line-per-request log (warnings and errors still print)."],
  KEYPORT_DB_POOL_SIZE: ["10 (1 embedded)", "Connections per instance; `0` means the default."],
  KEYPORT_DB_TIMEOUT_MS: ["`5000`", "Deadline for connecting to the database and for each query; past it the caller gets a 503."],
  KEYPORT_MAX_HEAP_MB: ["`256`", "V8 old-space cap of the production server, so it collects before it grows."],
  KEYPORT_SEED: ["on when embedded", "`1` seeds the demo workspaces on a `DATABASE_URL` database too."],
} as const satisfies Record<keyof Env, readonly [string, string]>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Keyport's configuration is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses `source` (default: process.env); throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  throw new EnvError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
}

const globalForEnv = globalThis as unknown as { keyportEnv?: Env };

/**
 * The validated configuration, read once per process. Shared through globalThis, so the
 * production server's bundle and Next's agree.
 */
export function env(): Env {
  return (globalForEnv.keyportEnv ??= parseEnv());
}

/** Prefixes the verifier accepts: the current one plus any kept from before a change. */
export function acceptedKeyPrefixes(config: Env = env()): string[] {
  return [...new Set([config.KEYPORT_KEY_PREFIX, ...config.KEYPORT_ACCEPTED_KEY_PREFIXES])];
}

/** The README's Configuration table, rendered from ENV_DOCS. */
export function renderEnvTable(): string {
  const rows = Object.entries(ENV_DOCS).map(([name, [fallback, meaning]]) => `| \`${name}\` | ${fallback} | ${meaning} |`);
  return ["| Variable | Default | Meaning |", "|---|---|---|", ...rows].join("\n");
}
