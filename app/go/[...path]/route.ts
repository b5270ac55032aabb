import { artifactResult, goProxyMediaType } from "@/lib/http/artifacts";
import { apiRoute, handle, type RouteHandlers } from "@/lib/http/route";

// GET /go/{module}/@v/... - the Go module, as a Go module proxy serves it (GOPROXY={public URL}/go).
const goProxy = handle({ method: "GET", path: "/go/{...path}", role: "public" }, async (ctx) => {
  const segments = decodedSegments(ctx.url.pathname.split("/").slice(2));
  return artifactResult(["go", ...(segments ?? [])], segments && goProxyMediaType(segments));
});

/** The path's segments, decoded; null when one is not valid percent-encoding (a 404, like any unknown file). */
function decodedSegments(raw: string[]): string[] | null {
  try {
    return raw.map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}

// Next hands a catch-all its segments as a list; the handler reads them from the URL instead
// (decoded once, above), so the wrapper's methods are typed for what Next passes.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(goProxy) as unknown as RouteHandlers<{ path: string[] }>;
