import "server-only";
import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

// Where rate limits are counted. With nothing configured, in this process's memory. With
// KEYPORT_REDIS_URL, in Redis, so every instance shares them. When Redis cannot be reached,
// or stops answering in time, verification keeps working on in-memory counts per instance
// (lib/limits/limiter.ts falls back on its own) and Redis is not asked again until it answers
// a probe; the outage is logged once when it starts and once when it ends, and /api/health
// reports it (for both of the production server's processes).

export type LimitStoreStatus = "memory" | "redis" | "redis_unreachable";

/**
 * How long one verification's limit work, all its Redis commands together, may wait on Redis
 * before the in-memory fallback answers instead (lib/limits/limiter.ts takes it as a budget).
 */
export const redisBudgetMs = (): number => env().KEYPORT_REDIS_BUDGET_MS;
/** While Redis is unreachable, how often it is asked whether it answers again. */
const PROBE_INTERVAL_MS = 500;

export class RedisStore {
  readonly client: Redis;
  private reachable = false;
  /** Whether the outage in progress was already reported (or, before the first connection, none). */
  private outageReported = false;
  private closing = false;
  private probe: NodeJS.Timeout | null = null;
  private readonly statusListeners = new Set<(status: LimitStoreStatus) => void>();

  constructor(url: string) {
    this.client = new Redis(url, {
      // Fail fast instead of queueing: a limit is answered from memory, never late.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: redisBudgetMs(),
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      lazyConnect: false,
      // Commands issued in the same tick go out as one pipeline: under load, many requests'
      // counters share a round trip and a system call.
      enableAutoPipelining: true,
    });
    this.client.on("ready", () => this.reachableAgain());
    this.client.on("error", (error: Error) => this.unreachable(error));
    this.client.on("close", () => this.unreachable(null));
  }

  /** Calls `listener` whenever the status changes (the verify process tells the dashboard's). */
  onStatusChange(listener: (status: LimitStoreStatus) => void): void {
    this.statusListeners.add(listener);
  }

  private reachableAgain(): void {
    this.stopProbe();
    if (this.reachable) return;
    if (this.outageReported) logger().info({ store: "redis" }, "Redis is reachable again: rate limits are shared across instances");
    this.reachable = true;
    this.outageReported = false;
    for (const listener of this.statusListeners) listener(this.status);
  }

  /**
   * While the connection stays open but Redis does not answer (stalled, overloaded), no
   * "ready" event will say it is back: a PING every half second does.
   */
  private startProbe(): void {
    if (this.probe || this.closing) return;
    this.probe = setInterval(() => {
      if (this.client.status !== "ready") return; // reconnecting: "ready" will say when it is back
      this.client.ping().then(
        () => this.reachableAgain(),
        () => {},
      );
    }, PROBE_INTERVAL_MS);
    this.probe.unref();
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }

  /** Resolves once connected, or after `timeoutMs` (then limits start out in memory). */
  ready(timeoutMs: number): Promise<void> {
    if (this.client.status === "ready") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off("ready", done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.client.once("ready", done);
    });
  }

  get status(): LimitStoreStatus {
    return this.available ? "redis" : "redis_unreachable";
  }

  /** Whether limits are asked of Redis now; otherwise they are counted in memory at once. */
  get available(): boolean {
    return this.reachable && this.client.status === "ready";
  }

  /** Called on a connection error, a closed connection, a failed command or one that ran out of time. */
  unreachable(error: Error | null): void {
    const wasReachable = this.reachable;
    this.reachable = false;
    if (this.closing) return;
    this.startProbe();
    if (wasReachable) for (const listener of this.statusListeners) listener(this.status);
    if (this.outageReported) return;
    this.outageReported = true;
    logger().warn(
      { store: "redis", err: error ? error.message : "connection closed" },
      "Redis is unreachable: rate limits fall back to this instance's memory until it returns",
    );
  }

  close(): Promise<void> {
    this.closing = true;
    this.stopProbe();
    return this.client.quit().then(
      () => undefined,
      () => this.client.disconnect(),
    );
  }
}

const globalForStore = globalThis as unknown as {
  keyportLimitStore?: RedisStore | null;
  /** What the production server's verify process last reported of its own store. */
  keyportVerifyProcessLimits?: LimitStoreStatus;
};

/** The shared Redis store, or null when limits are kept in memory. Shared by both server bundles. */
export function redisStore(): RedisStore | null {
  if (globalForStore.keyportLimitStore === undefined) {
    const url = env().KEYPORT_REDIS_URL;
    globalForStore.keyportLimitStore = url ? new RedisStore(url) : null;
  }
  return globalForStore.keyportLimitStore;
}

/**
 * Connects to the store (Redis, when configured) and waits for it, at most `timeoutMs`: an
 * instance starts with its limits shared when it can, and without waiting long when it cannot.
 */
export async function connectLimitStore(timeoutMs = 2000): Promise<LimitStoreStatus> {
  await redisStore()?.ready(timeoutMs);
  return limitStoreStatus();
}

/**
 * This instance's store status. In the production server's dashboard process it includes
 * what the verify process reported: verification is where Redis matters most, and health
 * is answered here.
 */
export function limitStoreStatus(): LimitStoreStatus {
  const own = redisStore()?.status ?? "memory";
  return globalForStore.keyportVerifyProcessLimits === "redis_unreachable" ? "redis_unreachable" : own;
}

/** Calls `listener` when this process's store changes status (never, with limits in memory). */
export function onLimitStoreStatusChange(listener: (status: LimitStoreStatus) => void): void {
  redisStore()?.onStatusChange(listener);
}

/** Records the verify process's store status (the dashboard process hears it over IPC). */
export function setVerifyProcessLimitStatus(status: LimitStoreStatus): void {
  globalForStore.keyportVerifyProcessLimits = status;
}

export async function closeLimitStore(): Promise<void> {
  const store = globalForStore.keyportLimitStore;
  globalForStore.keyportLimitStore = undefined;
  await store?.close();
}
