// The route SDKs call to check a key, and the lookup of a verification by its request id.
import { verifyKeyBodySchema, verifyKeyResultSchema } from "@/lib/schemas/keys/rest";
import { requestIdSchema, verificationLookupDtoSchema } from "@/lib/schemas/requests";
import { RATE_LIMIT_HEADERS } from "../errors";
import { defineOperations } from "../operation";

export const verificationOperations = defineOperations({
  verifyKey: {
    method: "POST",
    path: "/api/v1/keys/verify",
    tags: ["Verification"],
    summary: "Verify an SDK key",
    description:
      "For SDKs and servers: is this key usable, optionally for an app (project), an environment and scopes? Malformed, unknown, revoked and expired keys get one identical 401. " +
      "Every answer carries `RateLimit-Policy` and `RateLimit`: failed verifications (every 401) are limited per client IP, and past the limit every verification from that IP gets 429 until the window passes; a key with a `rate_limit` counts every verification of it, on every instance.",
    // Authenticated by the SDK key itself, not a session.
    role: "public",
    security: "sdkKey",
    body: verifyKeyBodySchema,
    bodyRequired: false,
    responses: { 200: { description: "The key is valid.", body: verifyKeyResultSchema, headers: RATE_LIMIT_HEADERS } },
    errors: {
      401: {
        description: "`unauthorized` (no bearer, or a session token) or `invalid_api_key` (malformed, unknown, revoked or expired: one body for all).",
        headers: ["WWW-Authenticate", ...RATE_LIMIT_HEADERS],
      },
      403: {
        description: "`forbidden`: another project or workspace, wrong environment, a missing scope, or a client IP outside the key's allowlist (the detail names the IP).",
        headers: RATE_LIMIT_HEADERS,
      },
      422: { description: "`validation_failed`: invalid body.", headers: RATE_LIMIT_HEADERS },
      429: {
        description: "`rate_limited`: too many failed verifications from this IP, or the key's own limit is used up; retry after `Retry-After` seconds.",
        headers: ["Retry-After", ...RATE_LIMIT_HEADERS],
      },
      503: { description: "`service_unavailable`: the database is unreachable and the cache cannot vouch for the key.", headers: ["Retry-After"] },
    },
  },
  getRequest: {
    method: "GET",
    path: "/api/v1/requests/{requestId}",
    tags: ["Verification"],
    summary: "Which key made a verification request",
    description:
      "The key (id, name, start, environment), the outcome, the client IP, the user agent and the time of the verification with this request id. Verifications are kept for `KEYPORT_EVENT_RETENTION_DAYS`; one made by a key of another workspace, or by no key, is a 404. " +
      "A verification is written a moment after its answer (every `KEYPORT_USAGE_FLUSH_MS`, by the process that answered it): while a request id that is not found is only seconds old, the 404 is `not_recorded_yet` with `Retry-After: 1`; retry, and it is found or becomes `not_found`.",
    role: "member",
    permission: "requests:read",
    params: { requestId: { schema: requestIdSchema, description: "The `request-id` of a verify answer.", invalid: "is not a request id" } },
    responses: { 200: { description: "The verification.", body: verificationLookupDtoSchema } },
    errors: {
      404: {
        description:
          "`not_found`: no verification by a key of this workspace has that request id. `not_recorded_yet`: the id was issued seconds ago and nothing is written under it yet; retry after `Retry-After` (1) seconds.",
        headers: ["Retry-After"],
      },
    },
  },
});
