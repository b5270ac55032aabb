import { AppError } from "@/lib/errors";
import { apiSecurityHeaders } from "./headers";
import { API_CACHE_CONTROL, problemResponse } from "./problem";
import { REQUEST_ID_HEADER, newRequestId } from "./request-id";

const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * What `Allow` says for a route that answers `methods`: those, HEAD wherever GET is (Next
 * answers HEAD with the GET handler), and OPTIONS. Never a method the route then refuses.
 */
export function allowHeader(methods: readonly string[]): string {
  const all = new Set([...methods, "OPTIONS"]);
  if (all.has("GET")) all.add("HEAD");
  return METHOD_ORDER.filter((method) => all.has(method)).join(", ");
}

/**
 * The handler for every method a route does not answer: a 405 problem with `Allow`. Exported
 * as OPTIONS too, it answers 204 with the same `Allow` (Next's own OPTIONS would list every
 * exported method, these 405s included).
 */
export function methodNotAllowed(allowed: string[]) {
  const allow = allowHeader(allowed);
  const handler = (request?: Request): Response => {
    if (request?.method === "OPTIONS") {
      return new Response(null, {
        status: 204,
        headers: { ...apiSecurityHeaders(), allow, "cache-control": API_CACHE_CONTROL, [REQUEST_ID_HEADER]: newRequestId() },
      });
    }
    return problemResponse(
      new AppError("method_not_allowed", `Use ${allowed.join(" or ")} on this route.`, { headers: { allow } }),
      newRequestId(),
    );
  };
  return handler;
}
