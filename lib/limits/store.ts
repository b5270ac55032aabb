import "server-only";
import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

// Where rate limits are counted. With nothing configured, in this process's memory. With
// KEYPORT_REDIS_URL, in Redis, so every instance shares them. When Redis cannot be reached,
// verification keeps working on in-memory counts per instance (lib/limits/limiter.ts falls
// back on its own); the outage is logged once when it starts and once when it ends, and
// /api/health reports it.

export type LimitStoreStatus = "memory" | "redis" | "redis_unreachable";

/** How long one Redis command may take before the in-memory fallback answers instead. */
const COMMAND_TIMEOUT_MS = 250;

export class RedisStore {
  readonly client: Redis;
  private reachable = false;
  /** Whether the outage in progress was already reported (or, before the first connection, none). */
  private outageReported = false;
  private closing = false;

  constructor(url: string) {
    this.client = new Redis(url, {
      // Fail fast instead of queueing: a limit is answered from memory, never late.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      lazyConnect: false,
      // Commands issued in the same tick go out as one pipeline: under load, many requests'
      // counters share a round trip and a system call.
      enableAutoPipelining: true,
    });
    this.client.on("ready", () => {
      if (this.outageReported) logger().info({ store: "redis" }, "Redis is reachable again: rate limits are shared across instances");
      this.reachable = true;
      this.outageReported = false;
    });
    this.client.on("error", (error: Error) => this.unreachable(error));
    this.client.on("close", () => this.unreachable(null));
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
    return this.reachable && this.client.status === "ready" ? "redis" : "redis_unreachable";
  }

  /** Called on a connection error, a closed connection or a failed command. */
  unreachable(error: Error | null): void {
    this.reachable = false;
    if (this.outageReported || this.closing) return;
    this.outageReported = true;
    logger().warn(
      { store: "redis", err: error ? error.message : "connection closed" },
      "Redis is unreachable: rate limits fall back to this instance's memory until it returns",
    );
  }

  close(): Promise<void> {
    this.closing = true;
    return this.client.quit().then(
      () => undefined,
      () => this.client.disconnect(),
    );
  }
}

const globalForStore = globalThis as unknown as { keyportLimitStore?: RedisStore | null };

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

export function limitStoreStatus(): LimitStoreStatus {
  return redisStore()?.status ?? "memory";
}

export async function closeLimitStore(): Promise<void> {
  const store = globalForStore.keyportLimitStore;
  globalForStore.keyportLimitStore = undefined;
  await store?.close();
}
