// Health responses. Client-safe.
import { z } from "zod";

/**
 * Where this instance counts rate limits: its memory (no Redis configured), Redis (shared by
 * every instance), or its memory because the configured Redis cannot be reached (degraded).
 */
export const rateLimitStoreSchema = z.enum(["memory", "redis", "redis_unreachable"]);

/** GET /api/health: the process answers, and whether it runs degraded. Always 200. */
export const livenessSchema = z.strictObject({
  status: z.enum(["ok", "degraded"]),
  checks: z.strictObject({ rate_limits: rateLimitStoreSchema }),
});

/** GET /api/health/ready: whether this instance can serve, and what was checked. */
export const readinessSchema = z.strictObject({
  status: z.enum(["ready", "unavailable"]),
  checks: z.strictObject({
    database: z.enum(["ok", "unavailable"]),
    revocations: z.enum(["listening", "not_listening", "cache_off"]),
    rate_limits: rateLimitStoreSchema,
  }),
});
