import { methodNotAllowed } from "@/lib/http/fallback";
import { uuidParam } from "@/lib/http/params";
import { apiRoute } from "@/lib/http/route";
import { revokeApiKey } from "@/lib/data";

type Params = { projectId: string; keyId: string };

// DELETE /api/v1/projects/{projectId}/keys/{keyId} - revoke a key (idempotent)
export const DELETE = apiRoute<Params>({ role: "admin" }, async (ctx) => {
  const projectId = uuidParam("projectId", ctx.params.projectId);
  const keyId = uuidParam("keyId", ctx.params.keyId);
  await revokeApiKey(ctx.session.workspaceId, ctx.session, keyId, { projectId }, ctx);
  return { status: 200, body: { $schema: "/api/v1/schemas/RevokeAPIKeyOutputBody.json", success: true } };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["DELETE"]);
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
