import "server-only";
import ipaddr from "ipaddr.js";
import { acceptedKeyPrefixes, env } from "@/lib/env";
import { inRanges, parseIpRanges } from "@/lib/http/client-ip";
import { hashKey, parseKey } from "@/lib/keys/token";
import { ENVIRONMENT_LABEL, type Environment } from "@/lib/schemas/api-keys";
import { prisma } from "./client";
import { serviceUnavailable } from "./errors";
import { RevocationAwareCache, type CachedKey } from "./verify-cache";
import { recordUsage } from "./usage";

// Verification of SDK keys: the product's hot path.
//
// - A malformed key or a bad checksum is rejected with zero queries.
// - Results come from the revocation-aware cache when it can be trusted, else the database;
//   when the database cannot answer either, the result is a 503 (fail closed), never a
//   stale "valid".
// - Expiry is checked against the clock on every request, whatever the cache holds.

export type VerifiedKey = Omit<CachedKey, "revoked">;

export const VERIFY_FAILURE_REASONS = [
  "malformed",
  "bad_checksum",
  "unknown",
  "revoked",
  "expired",
  "ip_not_allowed",
  "wrong_project",
  "wrong_environment",
  "missing_scope",
] as const;
export type VerifyFailureReason = (typeof VERIFY_FAILURE_REASONS)[number];

export type VerifyOutcome =
  | { valid: true; key: VerifiedKey }
  /** `key` is the active key that was refused (wrong project, address, …); absent when none was usable. */
  | { valid: false; reason: VerifyFailureReason; keyId: string | null; detail: string; key?: VerifiedKey };

export type VerifyOptions = {
  appId?: string | undefined;
  environment?: Environment | undefined;
  scopes?: string[] | undefined;
  /** The client's address, for keys with an IP allowlist (null: unknown, refused by such keys). */
  clientIp?: string | null | undefined;
};

const databaseUnavailable = (error: unknown) =>
  serviceUnavailable(error, "Key verification is temporarily unavailable. Retry shortly.");

const environmentLabel = (environment: Environment) => `${ENVIRONMENT_LABEL[environment].toLowerCase()} (${environment})`;

export class KeyVerifier {
  /** Read once: configuration does not change while the process runs. */
  private readonly prefixes = acceptedKeyPrefixes();
  private readonly cache: RevocationAwareCache;

  constructor(options: { cache: boolean }) {
    this.cache = new RevocationAwareCache(options.cache);
  }

  get cacheEnabled(): boolean {
    return this.cache.enabled;
  }

  /** The caches' sizes, for the server's stats line. */
  get cacheSizes(): { keys: number; unknown: number; projects: number } {
    return this.cache.sizes;
  }

  /** Whether cached results are being served (for health checks and tests). */
  get isCacheTrusted(): boolean {
    return this.cache.isTrusted;
  }

  /** Forgets every cached result: the next verification of each key reads the database. */
  forgetAll(): void {
    this.cache.forgetAll();
  }

  close(): Promise<void> {
    return this.cache.close();
  }

  private async lookup(hash: string): Promise<CachedKey | null> {
    const cached = this.cache.get(hash);
    if (cached !== undefined) return cached;
    const epoch = this.cache.epoch;
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
          allowedIps: true,
          rateLimit: true,
          rateLimitWindowS: true,
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
          allowedIps: parseIpRanges(row.allowedIps),
          rateLimit:
            row.rateLimit !== null && row.rateLimitWindowS !== null
              ? { limit: row.rateLimit, windowS: row.rateLimitWindowS }
              : null,
        }
      : null;
    this.cache.remember(hash, entry, epoch);
    return entry;
  }

  private async projectWorkspace(projectId: string): Promise<string | null> {
    const cached = this.cache.projectWorkspace(projectId);
    if (cached !== undefined) return cached;
    try {
      const project = await prisma.project.findUnique({ where: { id: projectId }, select: { workspaceId: true } });
      if (project) this.cache.rememberProject(projectId, project.workspaceId);
      return project?.workspaceId ?? null;
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
      recordUsage(key.id, false);
      return { valid: false, reason, keyId: key.id, detail };
    };
    if (key.revoked) return fail("revoked", "the key was revoked");
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) return fail("expired", "the key has expired");
    const refuse = (reason: VerifyFailureReason, detail: string): VerifyOutcome => ({ ...fail(reason, detail), key });
    if (key.allowedIps.length > 0 && !fromAllowedAddress(key, options.clientIp)) {
      return refuse(
        "ip_not_allowed",
        `This key cannot be used from ${options.clientIp ?? "an unknown address"}: it is restricted to an IP allowlist.`,
      );
    }
    if (options.appId && options.appId !== key.projectId) {
      const coversApp = key.projectId === null && (await this.projectWorkspace(options.appId)) === key.workspaceId;
      if (!coversApp) {
        return refuse("wrong_project", "This key cannot be used for that app: it belongs to another project or workspace.");
      }
    }
    if (options.environment && options.environment !== key.environment) {
      return refuse(
        "wrong_environment",
        `This is a ${environmentLabel(key.environment)} key, but the request is for ${environmentLabel(options.environment)}. Use a key that matches the build's environment.`,
      );
    }
    // A key with no scopes is unrestricted; otherwise every requested scope must be granted.
    const missing = key.scopes.length === 0 ? [] : (options.scopes ?? []).filter((s) => !key.scopes.includes(s));
    if (missing.length > 0) {
      return refuse("missing_scope", `This key lacks the scope(s): ${missing.join(", ")}.`);
    }
    recordUsage(key.id, true);
    return { valid: true, key };
  }
}

function fromAllowedAddress(key: CachedKey, clientIp: string | null | undefined): boolean {
  if (!clientIp || !ipaddr.isValid(clientIp)) return false;
  return inRanges(ipaddr.process(clientIp), key.allowedIps);
}

const globalForVerifier = globalThis as unknown as { keyportVerifier?: KeyVerifier };

/** The process's verifier, shared by the production server's bundle and Next's. */
export function getVerifier(): KeyVerifier {
  return (globalForVerifier.keyportVerifier ??= new KeyVerifier({ cache: env().KEYPORT_VERIFY_CACHE }));
}

/** Closes the process's verifier, if it ever made one (never starts one just to close it). */
export async function closeVerifier(): Promise<void> {
  await globalForVerifier.keyportVerifier?.close();
}

/** Verifies an SDK key. Throws AppError("service_unavailable") when it cannot decide safely. */
export function verifyApiKey(rawKey: string, options: VerifyOptions = {}): Promise<VerifyOutcome> {
  return getVerifier().verify(rawKey, options);
}
