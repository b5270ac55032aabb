import { API_CACHE_CONTROL } from "@/lib/http/problem";

// GET /api/health - liveness for load balancers: constant JSON, no database.
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": API_CACHE_CONTROL } });
}
