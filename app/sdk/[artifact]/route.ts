import { SDK_ARTIFACTS, artifactResponse } from "@/lib/http/artifacts";

// GET /sdk/{artifact} - the TypeScript SDK, the CLI and the Python package, built with this instance.
export async function GET(_request: Request, { params }: { params: Promise<{ artifact: string }> }) {
  const { artifact } = await params;
  return artifactResponse([artifact], SDK_ARTIFACTS[artifact] ?? null);
}
