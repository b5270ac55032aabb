import { checkReadiness } from "@/lib/data";
import { methodNotAllowed } from "@/lib/http/fallback";
import { API_CACHE_CONTROL, JSON_CONTENT_TYPE } from "@/lib/http/problem";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { readinessSchema } from "@/lib/schemas/health";

// GET /api/health/ready - readiness: 200 while the database answers, 503 while it does not,
// so a load balancer stops sending traffic here. The body says what was checked.
export async function GET(): Promise<Response> {
  const readiness = await checkReadiness();
  const body = readinessSchema.parse({ status: readiness.ready ? "ready" : "unavailable", checks: readiness.checks });
  return new Response(JSON.stringify(body), {
    status: readiness.ready ? 200 : 503,
    headers: {
      "content-type": JSON_CONTENT_TYPE,
      "cache-control": API_CACHE_CONTROL,
      [REQUEST_ID_HEADER]: newRequestId(),
      ...(readiness.ready ? {} : { "retry-after": "1" }),
    },
  });
}

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
