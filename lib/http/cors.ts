import "server-only";
import { isPortalOrigin } from "@/lib/data";

// Cross-origin calls to the portal API, from the pages of the origins a workspace lists
// (`portal_origins`): the embedded component runs there and sends its session's token as a
// bearer. Nothing else crosses origins: other origins get no CORS headers at all, and no answer
// ever allows credentials, so a browser never sends the hosted portal's cookie cross-site.

const ALLOWED_HEADERS = "authorization, content-type, idempotency-key";
const EXPOSED_HEADERS = "request-id, ratelimit, ratelimit-policy, retry-after";
/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_S = 600;

/** A portal answer's CORS headers: the request's origin, when `origins` lists it; none otherwise. */
export function portalCorsHeaders(origin: string | null, origins: readonly string[]): Record<string, string> {
  const vary = { vary: "Origin" };
  if (!origin || !origins.includes(origin)) return vary;
  return { ...vary, "access-control-allow-origin": origin, "access-control-expose-headers": EXPOSED_HEADERS };
}

/**
 * A preflight's answer headers. A preflight carries no token, so it cannot name a workspace:
 * it is answered for an origin that some workspace lists, and the answer to the request itself
 * carries CORS headers only when the session's own workspace lists that origin.
 */
export async function portalPreflightHeaders(request: Request, allow: string): Promise<Record<string, string>> {
  const origin = request.headers.get("origin");
  if (!origin || !request.headers.get("access-control-request-method") || !(await isPortalOrigin(origin))) return { vary: "Origin" };
  return {
    vary: "Origin",
    "access-control-allow-origin": origin,
    "access-control-allow-methods": allow,
    "access-control-allow-headers": ALLOWED_HEADERS,
    "access-control-max-age": String(PREFLIGHT_MAX_AGE_S),
  };
}

/** An error's CORS headers: the origin, when any workspace lists it (the caller may have no session yet). */
export async function portalErrorCorsHeaders(request: Request): Promise<Record<string, string>> {
  const origin = request.headers.get("origin");
  if (!origin || !(await isPortalOrigin(origin).catch(() => false))) return { vary: "Origin" };
  return portalCorsHeaders(origin, [origin]);
}
