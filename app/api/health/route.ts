import { operations } from "@/lib/api/operations";
import { limitStoreStatus } from "@/lib/limits";
import { apiRoute, handle } from "@/lib/http/route";
import { livenessSchema } from "@/lib/schemas/health";

// GET /api/health - liveness: the process answers. No database, so a load balancer never
// restarts an instance because its database is slow; readiness is /api/health/ready. Always
// 200; "degraded" when a configured Redis cannot be reached and rate limits are per instance.
const liveness = handle(operations.getLiveness, async () => {
  const rateLimits = limitStoreStatus();
  return {
    status: 200,
    body: livenessSchema.parse({ status: rateLimits === "redis_unreachable" ? "degraded" : "ok", checks: { rate_limits: rateLimits } }),
  };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(liveness);
