import "server-only";
import { LRUCache } from "lru-cache";
import pg from "pg";
import { env } from "@/lib/env";
import type { StoredKey, StoredManagementKey } from "@/lib/verify/service";
import { logger } from "@/lib/log";
import { databaseUrl } from "./client";
import { KEY_CHANGE_CHANNEL, keyEvents } from "./events";

// The verifier's memory of keys, trusted only while it can prove it hears every revocation:
//   - in process, from the data layer's revocation event;
//   - across instances, through PostgreSQL LISTEN on the revocation channel.
//
// The staleness bound is REVOCATION_STALENESS_MS (5 s): a key revoked anywhere is refused by
// every instance within it. Three things hold it:
//   - a heartbeat on the listening connection every second. PostgreSQL delivers pending
//     notifications before answering, so a heartbeat answered proves every revocation
//     committed before it was sent has arrived. Nothing cached is served once the last proof
//     is older than the bound (a connection that is open but dead proves nothing);
//   - a heartbeat unanswered past its deadline drops the connection and reconnects;
//   - no cached result is older than the bound, whatever the listener says. A key in use is
//     read again in the background during its last REFRESH_AHEAD_MS, so that it is not.
// Untrusted, the verifier asks the database every time (and answers 503 if it cannot).

/** What verification needs of a key, as cached by its hash. */
export type CachedKey = StoredKey;
/** A management key, as cached by its hash: the same rules, the same channel. */
export type CachedManagementKey = StoredManagementKey;

/** The most a cached answer may lag a revocation. */
export const REVOCATION_STALENESS_MS = 5000;
/**
 * A key still in use this close to the end of its cached life is read again in the background
 * while its cached result keeps being served (never past the bound): a key in steady use is
 * never missing from the cache, and its requests never wait on that read.
 */
export const REFRESH_AHEAD_MS = 1000;
const HEARTBEAT_MS = 1000;
/** A heartbeat unanswered for this long means the connection is gone. */
const HEARTBEAT_DEADLINE_MS = 3000;
/**
 * How long an unknown hash is remembered, so repeated guesses cost no query. Keys are created
 * with fresh random secrets, so a hash that matched nothing a minute ago still matches nothing.
 */
const UNKNOWN_TTL_MS = 60_000;

export class RevocationAwareCache {
  private readonly keys: LRUCache<string, CachedKey>;
  private readonly managementKeys: LRUCache<string, CachedManagementKey>;
  private readonly unknown: LRUCache<string, true>;
  /** Projects never change workspace: a known one can be cached for good. */
  private readonly projects: LRUCache<string, string>;
  /** Bumped on every invalidation: a lookup that raced one must not fill the cache. */
  private epochCounter = 0;
  private trusted = false;
  /** When the last answered heartbeat was sent (performance.now()). */
  private confirmedAt = -Infinity;
  private heartbeat: NodeJS.Timeout | null = null;
  private listener: pg.Client | null = null;
  private reconnectDelay = 100;
  private closed = false;
  private readonly onChanged = (hash: string) => this.invalidate(hash);

  constructor(readonly enabled: boolean) {
    const config = env();
    this.keys = new LRUCache({ max: config.KEYPORT_VERIFY_CACHE_SIZE, ttl: REVOCATION_STALENESS_MS });
    this.managementKeys = new LRUCache({ max: 1000, ttl: REVOCATION_STALENESS_MS });
    this.unknown = new LRUCache({ max: config.KEYPORT_VERIFY_NEGATIVE_CACHE_SIZE, ttl: UNKNOWN_TTL_MS });
    this.projects = new LRUCache({ max: config.KEYPORT_VERIFY_CACHE_SIZE });
    keyEvents.on("changed", this.onChanged);
    if (enabled) void this.connectListener();
  }

  /** Whether cached results may be served right now: the listener proved itself recently. */
  /** How many entries each cache holds now (for the server's stats line). */
  get sizes(): { keys: number; unknown: number; projects: number } {
    return { keys: this.keys.size, unknown: this.unknown.size, projects: this.projects.size };
  }

  get isTrusted(): boolean {
    return this.enabled && this.trusted && performance.now() - this.confirmedAt < REVOCATION_STALENESS_MS;
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

  /** Whether a cached key is close enough to the end of its cached life to be read again. */
  expiresSoon(hash: string): boolean {
    return this.keys.getRemainingTTL(hash) < REFRESH_AHEAD_MS;
  }

  remember(hash: string, entry: CachedKey | null, epochAtLookup: number): void {
    if (!this.isTrusted || this.epochCounter !== epochAtLookup) return;
    if (entry) this.keys.set(hash, entry);
    else this.unknown.set(hash, true);
  }

  /** A cached management key, `null` for a hash known to match no key, `undefined` when not cached. */
  getManagementKey(hash: string): CachedManagementKey | null | undefined {
    if (!this.isTrusted) return undefined;
    const hit = this.managementKeys.get(hash);
    if (hit) return hit;
    return this.unknown.has(hash) ? null : undefined;
  }

  rememberManagementKey(hash: string, entry: CachedManagementKey | null, epochAtLookup: number): void {
    if (!this.isTrusted || this.epochCounter !== epochAtLookup) return;
    if (entry) this.managementKeys.set(hash, entry);
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
    this.managementKeys.delete(hash);
  }

  /**
   * Drops every cached result, known and unknown, while staying trusted: for when this process
   * cannot tell which keys changed (a relay from the dashboard process that did not arrive).
   */
  forgetAll(): void {
    this.epochCounter++;
    this.keys.clear();
    this.managementKeys.clear();
    this.unknown.clear();
  }

  private distrust(): void {
    this.trusted = false;
    this.confirmedAt = -Infinity;
    this.epochCounter++;
    this.keys.clear();
    this.managementKeys.clear();
    this.unknown.clear();
  }

  private async connectListener(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: databaseUrl(),
      keepAlive: true,
      connectionTimeoutMillis: HEARTBEAT_DEADLINE_MS,
      query_timeout: HEARTBEAT_DEADLINE_MS,
    });
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      this.listener = null;
      this.stopHeartbeat();
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
        if (message.channel === KEY_CHANGE_CHANNEL && message.payload) this.invalidate(message.payload);
      });
      this.listener = client;
      await client.connect();
      const listeningSince = performance.now();
      await client.query(`LISTEN ${KEY_CHANGE_CHANNEL}`);
      // Anything cached before now may have missed a revocation: start clean.
      this.distrust();
      this.trusted = true;
      this.confirmedAt = listeningSince;
      this.reconnectDelay = 100;
      this.startHeartbeat(client, lost);
    } catch (error) {
      lost(error);
    }
  }

  private startHeartbeat(client: pg.Client, lost: (error?: unknown) => void): void {
    let inFlightSince: number | null = null;
    this.heartbeat = setInterval(() => {
      if (this.listener !== client) return;
      const now = performance.now();
      if (inFlightSince !== null) {
        if (now - inFlightSince > HEARTBEAT_DEADLINE_MS) lost(new Error("revocation listener heartbeat timed out"));
        return;
      }
      inFlightSince = now;
      client.query("SELECT 1").then(
        () => {
          if (this.listener === client && inFlightSince !== null) this.confirmedAt = inFlightSince;
          inFlightSince = null;
        },
        (error: unknown) => lost(error),
      );
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopHeartbeat();
    keyEvents.off("changed", this.onChanged);
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => {});
  }
}
