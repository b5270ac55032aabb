import { operations } from "@/lib/api/operations";
import { checkReadiness } from "@/lib/data";
import { apiRoute, handle } from "@/lib/http/route";
import { readinessSchema } from "@/lib/schemas/health";

// GET /api/health/ready - readiness: 200 while the database answers, 503 while it does not,
// so a load balancer stops sending traffic here. The body says what was checked.
const ready = handle(operations.getReadiness, async () => {
  const readiness = await checkReadiness();
  const body = readinessSchema.parse({ status: readiness.ready ? "ready" : "unavailable", checks: readiness.checks });
  if (readiness.ready) return { status: 200, body };
  return { status: 503, body, headers: { "retry-after": "1" } };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(ready);
