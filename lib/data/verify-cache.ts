import "server-only";
import { LRUCache } from "lru-cache";
import pg from "pg";
import { env } from "@/lib/env";
import type { Environment } from "@/lib/schemas/api-keys";
import { logger } from "@/lib/log";
import { databaseUrl } from "./client";
import { REVOCATION_CHANNEL, keyEvents } from "./events";

// The verifier's memory of keys, trusted only while it can hear every revocation:
//   - in process, from the data layer's revocation event;
//   - across instances, through PostgreSQL LISTEN on the revocation channel.
// While the listener is down nothing cached is served, so a revocation can never be missed:
// every verification goes to the database until the listener is back and the cache is empty.

/** What verification needs of a key, as cached by its hash. */
export type CachedKey = {
  id: string;
  workspaceId: string;
  projectId: string | null;
  environment: Environment;
  scopes: string[];
  expiresAt: Date | null;
  name: string;
  revoked: boolean;
};

/** How long an unknown hash is remembered, so repeated guesses cost no query. */
const UNKNOWN_TTL_MS = 60_000;

export class RevocationAwareCache {
  private readonly keys: LRUCache<string, CachedKey>;
  private readonly unknown: LRUCache<string, true>;
  /** Projects never change workspace: a known one can be cached for good. */
  private readonly projects: LRUCache<string, string>;
  /** Bumped on every invalidation: a lookup that raced one must not fill the cache. */
  private epochCounter = 0;
  private trusted = false;
  private listener: pg.Client | null = null;
  private reconnectDelay = 100;
  private closed = false;
  private readonly onRevoked = (hash: string) => this.invalidate(hash);

  constructor(readonly enabled: boolean) {
    const config = env();
    this.keys = new LRUCache({ max: config.KEYPORT_VERIFY_CACHE_SIZE });
    this.unknown = new LRUCache({ max: config.KEYPORT_VERIFY_NEGATIVE_CACHE_SIZE, ttl: UNKNOWN_TTL_MS });
    this.projects = new LRUCache({ max: config.KEYPORT_VERIFY_CACHE_SIZE });
    keyEvents.on("revoked", this.onRevoked);
    if (enabled) void this.connectListener();
  }

  /** Whether cached results may be served right now. */
  get isTrusted(): boolean {
    return this.enabled && this.trusted;
  }

  /** Take before a lookup; pass to `remember` so a raced invalidation wins. */
  get epoch(): number {
    return this.epochCounter;
  }

  /** A cached key, `null` for a hash known to match no key, `undefined` when not cached. */
  get(hash: string): CachedKey | null | undefined {
    if (!this.isTrusted) return undefined;
    const hit = this.keys.get(hash);
    if (hit) return hit;
    return this.unknown.has(hash) ? null : undefined;
  }

  remember(hash: string, entry: CachedKey | null, epochAtLookup: number): void {
    if (!this.isTrusted || this.epochCounter !== epochAtLookup) return;
    if (entry) this.keys.set(hash, entry);
    else this.unknown.set(hash, true);
  }

  projectWorkspace(projectId: string): string | undefined {
    return this.enabled ? this.projects.get(projectId) : undefined;
  }

  rememberProject(projectId: string, workspaceId: string): void {
    if (this.enabled) this.projects.set(projectId, workspaceId);
  }

  private invalidate(hash: string): void {
    this.epochCounter++;
    this.keys.delete(hash);
  }

  private distrust(): void {
    this.trusted = false;
    this.epochCounter++;
    this.keys.clear();
    this.unknown.clear();
  }

  private async connectListener(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: databaseUrl(), keepAlive: true });
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      this.listener = null;
      this.distrust();
      client.removeAllListeners();
      client.end().catch(() => {});
      if (error) logger().warn({ error: String(error) }, "revocation listener lost");
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
    keyEvents.off("revoked", this.onRevoked);
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => {});
  }
}
