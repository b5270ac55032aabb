import "server-only";
import { LRUCache } from "lru-cache";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { redisBudgetMs, redisStore, type RedisStore } from "./store";

/**
 * How long one request's limit work may still wait on Redis, all its commands together. Made
 * once per request and passed to each limiter it consults.
 */
export class RedisBudget {
  private readonly deadline: number;

  constructor(ms = redisBudgetMs()) {
    this.deadline = performance.now() + ms;
  }

  get remainingMs(): number {
    return this.deadline - performance.now();
  }
}

const budgetSpent = Symbol("budget spent");

// Fixed-window counters from rate-limiter-flexible, in Redis when it is configured and in
// memory otherwise. A Redis command that fails (Redis stopped, or slower than what is left of
// the request's budget) is answered by an in-memory limiter with the same policy: limits keep
// holding per instance, and verification never waits long on, or fails because of, Redis.

/** The policies, as their names appear in the RateLimit-Policy header. */
export type PolicyName = "failed" | "key" | "identity" | "writes";

/** Where one client stands against one policy, as the RateLimit headers report it. */
export type LimitState = {
  policy: PolicyName;
  /** The quota (`q`) and its window in seconds (`w`). */
  limit: number;
  windowS: number;
  /** Units left in this window (`r`), never below 0. */
  remaining: number;
  /** Seconds until the window resets (`t`). */
  resetS: number;
  /** Whether this request goes past the quota. */
  exceeded: boolean;
};

export class Limiter {
  private readonly memory: RateLimiterMemory;
  private readonly redis: RateLimiterRedis | null;

  constructor(
    readonly policy: PolicyName,
    readonly limit: number,
    readonly windowS: number,
    private readonly store: RedisStore | null = redisStore(),
    namespace = env().KEYPORT_REDIS_PREFIX,
  ) {
    // The quota is part of the counter's name: changing a key's limit starts a fresh window.
    const keyPrefix = `${namespace}:rl:${policy}:${limit}:${windowS}`;
    this.memory = new RateLimiterMemory({ keyPrefix, points: limit, duration: windowS });
    this.redis = store
      ? new RateLimiterRedis({ storeClient: store.client, keyPrefix, points: limit, duration: windowS, rejectIfRedisNotReady: true })
      : null;
  }

  private state(res: RateLimiterRes | null, exceeded: boolean): LimitState {
    const consumed = res?.consumedPoints ?? 0;
    const msLeft = res && res.msBeforeNext > 0 ? res.msBeforeNext : this.windowS * 1000;
    return {
      policy: this.policy,
      limit: this.limit,
      windowS: this.windowS,
      remaining: Math.max(0, this.limit - consumed),
      resetS: Math.max(1, Math.ceil(msLeft / 1000)),
      exceeded,
    };
  }

  /** Counts `points` against `id`; `exceeded` once the window's quota is used up. */
  async consume(id: string, points = 1, budget = new RedisBudget()): Promise<LimitState> {
    try {
      return this.state(await this.withFallback((limiter) => limiter.consume(id, points), budget), false);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return this.state(rejection, true);
      throw rejection;
    }
  }

  /** Where `id` stands, without counting; `exceeded` when the quota is already used up. */
  async peek(id: string, budget = new RedisBudget()): Promise<LimitState> {
    const res = await this.withFallback((limiter) => limiter.get(id), budget);
    return this.state(res, (res?.consumedPoints ?? 0) >= this.limit);
  }

  /**
   * Asks Redis within what is left of `budget`, else memory. Once Redis has failed or run out
   * of time, it is not asked again until it answers the store's probe: one stalled command
   * costs one request its budget, not every request after it.
   */
  private async withFallback<T>(run: (limiter: RateLimiterMemory | RateLimiterRedis) => Promise<T>, budget: RedisBudget): Promise<T> {
    const remaining = budget.remainingMs;
    if (!this.redis || !this.store?.available || remaining <= 0) return run(this.memory);
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        run(this.redis),
        // When the timer fires, an answer may already sit unread on the socket: the event loop
        // runs timers before it reads sockets, so after a busy moment both are due at once. The
        // answer gets that one turn of the loop before the budget counts as spent.
        new Promise<typeof budgetSpent>((resolve) => (timer = setTimeout(() => setImmediate(resolve, budgetSpent), remaining))),
      ]);
      if (answer !== budgetSpent) return answer;
      this.store.unreachable(new Error(`Redis did not answer within the ${redisBudgetMs()} ms budget`));
    } catch (error) {
      if (error instanceof RateLimiterRes) throw error;
      this.store.unreachable(error instanceof Error ? error : null);
    } finally {
      clearTimeout(timer);
    }
    return run(this.memory);
  }
}

/** One limiter per distinct quota, so keys with the same limit share their counters' code. */
const globalForLimiters = globalThis as unknown as { keyportLimiters?: LRUCache<string, Limiter> };

/** The limiter for a policy and quota, shared by both server bundles of the process. */
export function limiterFor(policy: PolicyName, limit: number, windowS: number): Limiter {
  const limiters = (globalForLimiters.keyportLimiters ??= new LRUCache<string, Limiter>({ max: 1000 }));
  const name = `${policy}:${limit}:${windowS}`;
  let limiter = limiters.get(name);
  if (!limiter) {
    limiter = new Limiter(policy, limit, windowS);
    limiters.set(name, limiter);
  }
  return limiter;
}

/**
 * The RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers-11) for
 * every policy that applied to a request, and Retry-After when one of them refused it.
 */
export function rateLimitHeaders(states: readonly LimitState[]): Record<string, string> {
  if (states.length === 0) return {};
  const headers: Record<string, string> = {
    "ratelimit-policy": states.map((s) => `"${s.policy}";q=${s.limit};w=${s.windowS}`).join(", "),
    ratelimit: states.map((s) => `"${s.policy}";r=${s.remaining};t=${s.resetS}`).join(", "),
  };
  const refused = states.filter((s) => s.exceeded);
  if (refused.length > 0) headers["retry-after"] = String(Math.max(...refused.map((s) => s.resetS)));
  return headers;
}
