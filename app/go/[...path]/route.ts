import { artifactResponse, goProxyMediaType } from "@/lib/http/artifacts";

// GET /go/{module}/@v/... - the Go module, as a Go module proxy (GOPROXY={public URL}/go) serves it.
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  return artifactResponse(["go", ...path], goProxyMediaType(path));
}
