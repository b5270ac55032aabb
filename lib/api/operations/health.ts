// For load balancers: liveness and readiness.
import { livenessSchema, readinessSchema } from "@/lib/schemas/health";
import { defineOperations } from "../operation";

export const healthOperations = defineOperations({
  getLiveness: {
    method: "GET",
    path: "/api/health",
    tags: ["Health"],
    summary: "Liveness",
    description:
      "The process answers (always 200). No database is asked, so a slow database never gets an instance restarted. `degraded` when the configured Redis cannot be reached and rate limits are counted per instance.",
    role: "public",
    responses: { 200: { description: "Alive.", body: livenessSchema } },
  },
  getReadiness: {
    method: "GET",
    path: "/api/health/ready",
    tags: ["Health"],
    summary: "Readiness",
    description:
      "200 while the database answers within 2 s; 503 while it does not, so a load balancer stops sending traffic here. The body says what was checked.",
    role: "public",
    responses: {
      200: { description: "Ready.", body: readinessSchema },
      503: { description: "Not ready: the body says which check failed; retry after `Retry-After` seconds.", body: readinessSchema, headers: ["Retry-After"] },
    },
  },
});
