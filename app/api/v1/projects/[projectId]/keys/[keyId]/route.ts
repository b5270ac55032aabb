import { methodNotAllowed } from "@/lib/http/fallback";
import { uuidParam } from "@/lib/http/params";
import { apiRoute } from "@/lib/http/route";
import { revokeApiKey, toApiKeyDto, updateApiKey } from "@/lib/data";
import { updateApiKeyBodySchema } from "@/lib/schemas/keys/rest";

type Params = { projectId: string; keyId: string };

// PATCH /api/v1/projects/{projectId}/keys/{keyId} - edit a key: name, description, scopes,
// an earlier expiry, its rate limit and allowlist
export const PATCH = apiRoute<Params>({ role: "admin" }, async (ctx) => {
  const projectId = uuidParam("projectId", ctx.params.projectId);
  const keyId = uuidParam("keyId", ctx.params.keyId);
  const changes = await ctx.body(updateApiKeyBodySchema);
  const key = await updateApiKey(ctx.caller, { keyId, projectId, changes });
  return { status: 200, body: toApiKeyDto(key) };
});

// DELETE /api/v1/projects/{projectId}/keys/{keyId} - revoke a key (idempotent)
export const DELETE = apiRoute<Params>({ role: "admin" }, async (ctx) => {
  const projectId = uuidParam("projectId", ctx.params.projectId);
  const keyId = uuidParam("keyId", ctx.params.keyId);
  await revokeApiKey(ctx.caller, { keyId, projectId });
  return { status: 200, body: { $schema: "/api/v1/schemas/RevokeAPIKeyOutputBody.json", success: true } };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["PATCH", "DELETE"]);
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as OPTIONS };
