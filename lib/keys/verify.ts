import "server-only";
import pg from "pg";
import { acceptedKeyPrefixes } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Environment } from "@/lib/schemas/api-keys";
import { REVOCATION_CHANNEL, keyEvents } from "./events";
import { LruMap } from "./lru";
import { hashKey, parseKey } from "./token";
import { usageRecorder } from "./usage";

// Verification of SDK keys: the product's hot path.
//
// - A malformed key or a bad checksum is rejected with zero queries.
// - Results are cached in process by hash (bounded LRU), unknown hashes separately.
// - The cache is trusted only while this instance hears every revocation: in process from
//   the data layer, and across instances through PostgreSQL LISTEN/NOTIFY. When the
//   listener is down, every verification goes to the database; when the database is down
//   too, the answer is 503 (fail closed), never a stale "valid".
// - Expiry is checked against the clock on every request, whatever the cache holds.

export type VerifiedKey = {
  id: string;
  workspaceId: string;
  projectId: string | null;
  environment: Environment;
  scopes: string[];
  expiresAt: Date | null;
  name: string;
};

export type VerifyFailureReason =
  | "malformed"
  | "bad_checksum"
  | "unknown"
  | "revoked"
  | "expired"
  | "wrong_project"
  | "wrong_environment"
  | "missing_scope";

export type VerifyOutcome =
  | { valid: true; key: VerifiedKey }
  | { valid: false; reason: VerifyFailureReason; keyId: string | null; detail: string };

export type VerifyOptions = { appId?: string; environment?: Environment; scopes?: string[] };

type CachedKey = VerifiedKey & { revoked: boolean };

const CACHE_SIZE = Number(process.env.KEYPORT_VERIFY_CACHE_SIZE ?? 50_000);
const NEGATIVE_CACHE_SIZE = Number(process.env.KEYPORT_VERIFY_NEGATIVE_CACHE_SIZE ?? 10_000);
const NEGATIVE_TTL_MS = 60_000;

function databaseUnavailable(error: unknown): AppError {
  return new AppError("service_unavailable", "Key verification is temporarily unavailable. Retry shortly.", {
    cause: error,
    headers: { "Retry-After": "1" },
  });
}

export class KeyVerifier {
  /** Read once: configuration does not change while the process runs. */
  private readonly prefixes = acceptedKeyPrefixes();
  private readonly keys = new LruMap<string, CachedKey>(CACHE_SIZE);
  private readonly unknown = new LruMap<string, number>(NEGATIVE_CACHE_SIZE);
  private readonly projects = new LruMap<string, string | null>(CACHE_SIZE);
  /** Bumped on every invalidation: a lookup that raced one must not fill the cache. */
  private epoch = 0;
  private trusted: boolean;
  private listener: pg.Client | null = null;
  private reconnectDelay = 100;
  private closed = false;
  readonly cacheEnabled: boolean;

  constructor(options: { cache: boolean }) {
    this.cacheEnabled = options.cache;
    // Until the listener is up, the cache is not trusted: it could miss a revocation.
    this.trusted = false;
    keyEvents.on("revoked", (hash: string) => this.invalidate(hash));
    if (options.cache) void this.connectListener();
  }

  /** Whether cached results may be used right now (for health checks and tests). */
  get isCacheTrusted(): boolean {
    return this.trusted;
  }

  private invalidate(hash: string): void {
    this.epoch++;
    this.keys.delete(hash);
  }

  private distrust(): void {
    this.trusted = false;
    this.epoch++;
    this.keys.clear();
    this.unknown.clear();
  }

  private async connectListener(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, keepAlive: true });
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      this.listener = null;
      this.distrust();
      client.removeAllListeners();
      client.end().catch(() => {});
      if (error) console.error(JSON.stringify({ level: "warn", msg: "revocation listener lost", error: String(error) }));
      if (!this.closed) {
        setTimeout(() => void this.connectListener(), this.reconnectDelay).unref();
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, 2000);
      }
    };
    try {
      client.on("error", lost);
      client.on("end", () => lost());
      client.on("notification", (message) => {
        if (message.channel === REVOCATION_CHANNEL && message.payload) this.invalidate(message.payload);
      });
      this.listener = client;
      await client.connect();
      await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
      // Anything cached before now may have missed a revocation: start clean.
      this.distrust();
      this.trusted = true;
      this.reconnectDelay = 100;
    } catch (error) {
      lost(error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => {});
  }

  private async lookup(hash: string): Promise<CachedKey | null> {
    const useCache = this.cacheEnabled && this.trusted;
    if (useCache) {
      const hit = this.keys.get(hash);
      if (hit) return hit;
      const missAt = this.unknown.get(hash);
      if (missAt !== undefined && Date.now() - missAt < NEGATIVE_TTL_MS) return null;
    }
    const epoch = this.epoch;
    let row;
    try {
      row = await prisma.apiKey.findUnique({
        where: { hash },
        select: {
          id: true,
          workspaceId: true,
          projectId: true,
          environment: true,
          scopes: true,
          expiresAt: true,
          name: true,
          revokedAt: true,
        },
      });
    } catch (error) {
      throw databaseUnavailable(error);
    }
    const entry: CachedKey | null = row
      ? {
          id: row.id,
          workspaceId: row.workspaceId,
          projectId: row.projectId,
          environment: row.environment,
          scopes: row.scopes,
          expiresAt: row.expiresAt,
          name: row.name,
          revoked: row.revokedAt !== null,
        }
      : null;
    if (this.cacheEnabled && this.trusted && this.epoch === epoch) {
      if (entry) this.keys.set(hash, entry);
      else this.unknown.set(hash, Date.now());
    }
    return entry;
  }

  private async projectWorkspace(projectId: string): Promise<string | null> {
    const cached = this.cacheEnabled ? this.projects.get(projectId) : undefined;
    if (cached !== undefined) return cached;
    try {
      const project = await prisma.project.findUnique({ where: { id: projectId }, select: { workspaceId: true } });
      const workspaceId = project?.workspaceId ?? null;
      // Projects never change workspace; only known ones are cached.
      if (this.cacheEnabled && workspaceId) this.projects.set(projectId, workspaceId);
      return workspaceId;
    } catch (error) {
      throw databaseUnavailable(error);
    }
  }

  async verify(rawKey: string, options: VerifyOptions = {}): Promise<VerifyOutcome> {
    const parsed = parseKey(rawKey, this.prefixes);
    if (!parsed.ok) {
      const reason = parsed.reason === "bad_checksum" ? "bad_checksum" : "malformed";
      return { valid: false, reason, keyId: null, detail: `key rejected before lookup: ${parsed.reason}` };
    }
    const key = await this.lookup(hashKey(rawKey));
    if (!key) return { valid: false, reason: "unknown", keyId: null, detail: "no key with this hash" };
    const fail = (reason: VerifyFailureReason, detail: string): VerifyOutcome => {
      usageRecorder.record(key.id, false);
      return { valid: false, reason, keyId: key.id, detail };
    };
    if (key.revoked) return fail("revoked", "the key was revoked");
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) return fail("expired", "the key has expired");
    if (options.appId && options.appId !== key.projectId) {
      const coversApp = key.projectId === null && (await this.projectWorkspace(options.appId)) === key.workspaceId;
      if (!coversApp) {
        return fail("wrong_project", "This key cannot be used for that app: it belongs to another project or workspace.");
      }
    }
    if (options.environment && options.environment !== key.environment) {
      const label = (env: Environment) => (env === "live" ? "production (live)" : "staging (test)");
      return fail(
        "wrong_environment",
        `This is a ${label(key.environment)} key, but the request is for ${label(options.environment)}. Use a key that matches the build's environment.`,
      );
    }
    // A key with no scopes is unrestricted; otherwise every requested scope must be granted.
    const missing = key.scopes.length === 0 ? [] : (options.scopes ?? []).filter((s) => !key.scopes.includes(s));
    if (missing.length > 0) {
      return fail("missing_scope", `This key lacks the scope(s): ${missing.join(", ")}.`);
    }
    usageRecorder.record(key.id, true);
    return { valid: true, key };
  }
}

function createVerifier(): KeyVerifier {
  return new KeyVerifier({ cache: process.env.KEYPORT_VERIFY_CACHE !== "off" });
}

const globalForVerifier = globalThis as unknown as { keyportVerifier?: KeyVerifier };

export function getVerifier(): KeyVerifier {
  return (globalForVerifier.keyportVerifier ??= createVerifier());
}

/** Verifies an SDK key. Throws AppError("service_unavailable") when it cannot decide safely. */
export function verifyApiKey(rawKey: string, options: VerifyOptions = {}): Promise<VerifyOutcome> {
  return getVerifier().verify(rawKey, options);
}
