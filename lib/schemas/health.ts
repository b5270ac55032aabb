// Health responses. Client-safe.
import { z } from "zod";

/** GET /api/health: the process answers. */
export const livenessSchema = z.strictObject({ status: z.literal("ok") });

/** GET /api/health/ready: whether this instance can serve, and what was checked. */
export const readinessSchema = z.strictObject({
  status: z.enum(["ready", "unavailable"]),
  checks: z.strictObject({
    database: z.enum(["ok", "unavailable"]),
    revocations: z.enum(["listening", "not_listening", "cache_off"]),
  }),
});
