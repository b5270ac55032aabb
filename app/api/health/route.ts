import { methodNotAllowed } from "@/lib/http/fallback";
import { API_CACHE_CONTROL } from "@/lib/http/problem";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { livenessSchema } from "@/lib/schemas/health";

// GET /api/health - liveness: the process answers. Constant JSON, no database, so a load
// balancer never restarts an instance because its database is slow. Readiness is /api/health/ready.
export function GET(): Response {
  return Response.json(
    livenessSchema.parse({ status: "ok" }),
    { headers: { "cache-control": API_CACHE_CONTROL, [REQUEST_ID_HEADER]: newRequestId() } },
  );
}

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
