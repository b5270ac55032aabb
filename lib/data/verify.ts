import "server-only";
import { env } from "@/lib/env";
import { parseIpRanges } from "@/lib/net/ip";
import type { Balance, KeyStore, StoredPortalSession } from "@/lib/verify/service";
import { refillOf, type CreditColumns } from "./credits";
import { prisma } from "./client";
import { serviceUnavailable } from "./errors";
import { RevocationAwareCache, type CachedKey, type CachedManagementKey } from "./verify-cache";

// The key store that verification reads: the revocation-aware cache in front of the database.
// The decision itself is the key service's (lib/verify); this answers "which key has this
// hash" and "which workspace owns this project", from the cache when it can be trusted and from
// the database otherwise. When the database cannot answer either, it throws a 503 (fail
// closed), never a stale answer.

const BALANCE_SELECT = {
  creditsRemaining: true,
  creditsRefillAmount: true,
  creditsRefillInterval: true,
  creditsRefillDay: true,
  creditsLowThreshold: true,
  creditsRefilledAt: true,
} as const;

/** A balance as verification reads it (null: unlimited). The amount itself is read by each charge, never cached. */
function balanceOf(kind: Balance["kind"], id: string, row: CreditColumns): Balance | null {
  if (row.creditsRemaining === null) return null;
  const refill = refillOf(row);
  return {
    kind,
    id,
    refill: refill ? { interval: refill.interval, dayOfMonth: refill.dayOfMonth } : null,
    refilledAt: row.creditsRefilledAt?.getTime() ?? null,
  };
}

const databaseUnavailable = (error: unknown) =>
  serviceUnavailable(error, "Key verification is temporarily unavailable. Retry shortly.");

export class CachedKeyStore implements KeyStore {
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

  /**
   * Lookups of a hash in flight, by the cache's epoch when each began: a burst of requests for
   * a key not cached yet makes one query, not one each (which would crowd the connection
   * pool). A request joins only a lookup that began in the current epoch, so none is answered
   * from a read older than a change this instance has heard of.
   */
  private readonly inflight = new Map<string, { epoch: number; lookup: Promise<CachedKey | null> }>();

  async findByHash(hash: string): Promise<CachedKey | null> {
    const cached = this.cache.get(hash);
    if (cached !== undefined) {
      // Read again before it expires; this request is answered from the cache meanwhile. A
      // read that fails is dropped: the entry expires, and the next request reads for itself.
      if (cached !== null && this.cache.expiresSoon(hash)) this.sharedLookUp(hash).catch(() => {});
      return cached;
    }
    if (!this.cache.enabled) return this.lookUp(hash, this.cache.epoch);
    return this.sharedLookUp(hash);
  }

  /** The lookup of `hash` begun in the current epoch, begun now if there is none. */
  private async sharedLookUp(hash: string): Promise<CachedKey | null> {
    const epoch = this.cache.epoch;
    const pending = this.inflight.get(hash);
    if (pending && pending.epoch === epoch) return pending.lookup;
    const lookup = this.lookUp(hash, epoch);
    this.inflight.set(hash, { epoch, lookup });
    try {
      return await lookup;
    } finally {
      if (this.inflight.get(hash)?.lookup === lookup) this.inflight.delete(hash);
    }
  }

  private async lookUp(hash: string, epoch: number): Promise<CachedKey | null> {
    const entry = await this.readKey(hash);
    this.cache.remember(hash, entry, epoch);
    return entry;
  }

  /**
   * Reads the database once, as a verification does, and returns whether it answered within
   * `timeoutMs`; it never throws and caches nothing. A process's first query pays for opening a
   * connection and preparing the client (about half a second on a small machine): done before
   * the server listens, that wait falls on no verification. A database that does not answer in
   * time is the first request's to find, as it would have been.
   */
  async warmUp(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    // The empty string is no key's hash (every hash is 64 hex digits).
    const read = this.readKey("").then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([read, gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The key with this hash, as the cache keeps it (null: no such key). */
  private async readKey(hash: string): Promise<CachedKey | null> {
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
          deactivatedAt: true,
          allowedIps: true,
          rateLimit: true,
          rateLimitWindowS: true,
          ...BALANCE_SELECT,
          identity: {
            select: { id: true, externalId: true, meta: true, rateLimit: true, rateLimitWindowS: true, ...BALANCE_SELECT },
          },
        },
      });
    } catch (error) {
      throw databaseUnavailable(error);
    }
    return row
      ? {
          id: row.id,
          workspaceId: row.workspaceId,
          projectId: row.projectId,
          environment: row.environment,
          scopes: row.scopes,
          expiresAt: row.expiresAt,
          name: row.name,
          revoked: row.revokedAt !== null,
          deactivated: row.deactivatedAt !== null,
          allowedIps: parseIpRanges(row.allowedIps),
          rateLimit:
            row.rateLimit !== null && row.rateLimitWindowS !== null
              ? { limit: row.rateLimit, windowS: row.rateLimitWindowS }
              : null,
          credits: balanceOf("key", row.id, row),
          identity: row.identity
            ? {
                id: row.identity.id,
                externalId: row.identity.externalId,
                meta: row.identity.meta && typeof row.identity.meta === "object" && !Array.isArray(row.identity.meta) ? (row.identity.meta as Record<string, unknown>) : {},
                rateLimit:
                  row.identity.rateLimit !== null && row.identity.rateLimitWindowS !== null
                    ? { limit: row.identity.rateLimit, windowS: row.identity.rateLimitWindowS }
                    : null,
                credits: balanceOf("identity", row.identity.id, row.identity),
              }
            : null,
        }
      : null;
  }

  async findManagementKeyByHash(hash: string): Promise<CachedManagementKey | null> {
    const cached = this.cache.getManagementKey(hash);
    if (cached !== undefined) return cached;
    const epoch = this.cache.epoch;
    let row;
    try {
      row = await prisma.managementKey.findUnique({
        where: { hash },
        select: { id: true, workspaceId: true, name: true, permissions: true, expiresAt: true, revokedAt: true },
      });
    } catch (error) {
      throw databaseUnavailable(error);
    }
    const entry: CachedManagementKey | null = row
      ? {
          id: row.id,
          workspaceId: row.workspaceId,
          name: row.name,
          permissions: row.permissions,
          expiresAt: row.expiresAt,
          revoked: row.revokedAt !== null,
        }
      : null;
    this.cache.rememberManagementKey(hash, entry, epoch);
    return entry;
  }

  /** A portal session is never cached: ending one takes effect on its next request, everywhere. */
  async findPortalSessionByHash(hash: string): Promise<StoredPortalSession | null> {
    let row;
    try {
      // The session's own token (the component's), or the one its link gave a browser (the cookie).
      row = await prisma.portalSession.findFirst({
        where: { OR: [{ tokenHash: hash }, { browserTokenHash: hash }] },
        select: {
          id: true,
          workspaceId: true,
          projectId: true,
          identityId: true,
          externalId: true,
          permissions: true,
          environments: true,
          scopes: true,
          returnUrl: true,
          expiresAt: true,
          endedAt: true,
          workspace: { select: { portalOrigins: true } },
        },
      });
    } catch (error) {
      throw databaseUnavailable(error);
    }
    if (!row) return null;
    const { endedAt, workspace, ...session } = row;
    return { ...session, origins: workspace.portalOrigins, ended: endedAt !== null };
  }

  async projectWorkspace(projectId: string): Promise<string | null> {
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
}

const globalForStore = globalThis as unknown as { keyportKeyStore?: CachedKeyStore };

/** The process's key store, shared by the production server's bundle and Next's. */
export function getKeyStore(): CachedKeyStore {
  return (globalForStore.keyportKeyStore ??= new CachedKeyStore({ cache: env().KEYPORT_VERIFY_CACHE }));
}

/** Closes the process's key store, if it ever made one (never starts one just to close it). */
export async function closeKeyStore(): Promise<void> {
  await globalForStore.keyportKeyStore?.close();
}
