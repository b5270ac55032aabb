import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { limiterFor, rateLimitHeaders, type LimitState, type Limiter } from "./limiter";

// The product's rate limits. Each is a policy named in the RateLimit headers:
//
// - "failed": failed verifications per client IP (brute force). Past the quota, every
//   verification from that IP is refused until the window passes, valid key or not.
// - "key": a key's own `rate_limit`, counting every verification of it on every instance.
// - "identity": an identity's `rate_limit`, shared by all its keys on every instance.
// - "writes": management writes per signed-in user, on the REST API and the dashboard alike.

export {
  closeLimitStore,
  connectLimitStore,
  limitStoreStatus,
  onLimitStoreStatusChange,
  setVerifyProcessLimitStatus,
  type LimitStoreStatus,
} from "./store";
export { RedisBudget, rateLimitHeaders, type LimitState } from "./limiter";

export function failedVerificationLimiter(): Limiter {
  const config = env();
  return limiterFor("failed", config.KEYPORT_FAILED_VERIFY_LIMIT, config.KEYPORT_FAILED_VERIFY_WINDOW_S);
}

export function keyLimiter(rateLimit: { limit: number; windowS: number }): Limiter {
  return limiterFor("key", rateLimit.limit, rateLimit.windowS);
}

export function identityLimiter(rateLimit: { limit: number; windowS: number }): Limiter {
  return limiterFor("identity", rateLimit.limit, rateLimit.windowS);
}

const WRITE_WINDOW_S = 60;

export function writeLimiter(): Limiter {
  return limiterFor("writes", env().KEYPORT_WRITE_LIMIT, WRITE_WINDOW_S);
}

const REFUSAL_DETAIL: Record<LimitState["policy"], (state: LimitState) => string> = {
  failed: (s) =>
    `Too many failed verifications from this address: at most ${s.limit} per ${s.windowS} s. Retry in ${s.resetS} s.`,
  key: (s) => `This key is limited to ${s.limit} verifications per ${s.windowS} s. Retry in ${s.resetS} s.`,
  identity: (s) => `The keys of this identity share a limit of ${s.limit} verifications per ${s.windowS} s. Retry in ${s.resetS} s.`,
  writes: (s) => `Too many changes in a short time: at most ${s.limit} per ${s.windowS} s. Retry in ${s.resetS} s.`,
};

/** The 429 for a request that went past `refused`, with every applicable limit's headers. */
export function rateLimitedError(refused: LimitState, states: readonly LimitState[]): AppError {
  return new AppError("rate_limited", REFUSAL_DETAIL[refused.policy](refused), { headers: rateLimitHeaders(states) });
}

/**
 * Counts one management write by `userId` in `workspaceId`; throws the 429 past the quota.
 * Returns the headers to send with the answer.
 */
export async function chargeWrite(workspaceId: string, userId: string): Promise<Record<string, string>> {
  const state = await writeLimiter().consume(`${workspaceId}:${userId}`);
  if (state.exceeded) throw rateLimitedError(state, [state]);
  return rateLimitHeaders([state]);
}
