import { artifactResult, goProxyMediaType } from "@/lib/http/artifacts";
import { apiRoute, handle } from "@/lib/http/route";

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

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(goProxy);
