import { z } from "zod";
import { SDK_ARTIFACTS, artifactResult } from "@/lib/http/artifacts";
import { apiRoute, handle } from "@/lib/http/route";

// GET /sdk/{artifact} - the TypeScript SDK, the CLI and the Python package, built with this
// instance. Public, like the OpenAPI document: npm and pip fetch them without a session.
const artifact = handle(
  {
    method: "GET",
    path: "/sdk/{artifact}",
    role: "public",
    params: { artifact: { schema: z.string(), description: "The artifact's file name" } },
  },
  async (ctx) => {
    const name = ctx.params.artifact;
    return artifactResult([name], Object.hasOwn(SDK_ARTIFACTS, name) ? SDK_ARTIFACTS[name]! : null);
  },
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(artifact);
