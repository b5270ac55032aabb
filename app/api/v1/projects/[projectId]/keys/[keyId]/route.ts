import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { revokeApiKey, toApiKeyDto, updateApiKey } from "@/lib/data";

// PATCH /api/v1/projects/{projectId}/keys/{keyId} - edit a key: name, description, scopes,
// an earlier expiry, its rate limit and allowlist
const update = handle(operations.updateApiKey, async (ctx) => {
  const { projectId, keyId } = ctx.params;
  const changes = await ctx.body();
  const key = await updateApiKey(ctx.caller, { keyId, projectId, changes });
  return { status: 200, body: toApiKeyDto(key) };
});

// DELETE /api/v1/projects/{projectId}/keys/{keyId} - revoke a key (idempotent)
const revoke = handle(operations.revokeApiKey, async (ctx) => {
  const { projectId, keyId } = ctx.params;
  await revokeApiKey(ctx.caller, { keyId, projectId });
  return { status: 200, body: { $schema: "/api/v1/schemas/RevokeAPIKeyOutputBody.json", success: true } };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(update, revoke);
