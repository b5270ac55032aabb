// Keyport's configuration: every environment variable, declared once with its type, default
// and meaning (its documentation is in env-docs.ts). `env()` validates the whole environment on
// first use (the servers call it at start) and throws one message naming every bad variable.
// Addresses and ranges are parsed by lib/net/ip.ts, PEM keys by lib/keys/pem.ts.
//
// Pure apart from reading process.env: no server-only import, so scripts (the docs generator)
// can load it too. The launcher (scripts/run.mjs) reads the few it needs before Node runs
// TypeScript (PORT, HOST, KEYPORT_ALLOW_REMOTE, KEYPORT_SEED, KEYPORT_MAX_HEAP_MB); they are
// declared here all the same, so the server validates them and the README lists them.
import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { parseIpRanges, type IpRange } from "@/lib/net/ip";
import { parseP256PublicKey } from "@/lib/keys/pem";
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
        const key = parseP256PublicKey(entry.key);
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
  KEYPORT_SECRET_PREVIOUS: optionalText,
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
