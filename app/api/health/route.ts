import { methodNotAllowed } from "@/lib/http/fallback";
import { limitStoreStatus } from "@/lib/limits";
import { API_CACHE_CONTROL } from "@/lib/http/problem";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { livenessSchema } from "@/lib/schemas/health";

// GET /api/health - liveness: the process answers. No database, so a load balancer never
// restarts an instance because its database is slow; readiness is /api/health/ready. Always
// 200; "degraded" when a configured Redis cannot be reached and rate limits are per instance.
export function GET(): Response {
  const rateLimits = limitStoreStatus();
  return Response.json(
    livenessSchema.parse({ status: rateLimits === "redis_unreachable" ? "degraded" : "ok", checks: { rate_limits: rateLimits } }),
    { headers: { "cache-control": API_CACHE_CONTROL, [REQUEST_ID_HEADER]: newRequestId() } },
  );
}

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
