// The README's Configuration table: every variable of the environment's schema (env.ts), with
// its default as shown to a reader and its meaning. Generated into the README by
// `npm run docs:env` (scripts/env-docs.ts); lib/env.test.ts fails when the two disagree, or
// when a variable is declared without being documented. Pure: scripts load it.
import { DEFAULT_KEY_PREFIX } from "@/lib/keys/token";
import type { Env } from "./env";

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
  KEYPORT_SECRET: ["a random file in the data dir", "Encrypts idempotency replays, webhook signing secrets and recoverable keys. Set the same value on every instance."],
  KEYPORT_SECRET_PREVIOUS: ["unset", "The secret `KEYPORT_SECRET` replaced: recoverable keys sealed under it still open (see [Rotating KEYPORT_SECRET](#rotating-keyport_secret))."],
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

/** The README's Configuration table, rendered from ENV_DOCS. */
export function renderEnvTable(): string {
  const rows = Object.entries(ENV_DOCS).map(([name, [fallback, meaning]]) => `| \`${name}\` | ${fallback} | ${meaning} |`);
  return ["| Variable | Default | Meaning |", "|---|---|---|", ...rows].join("\n");
}
