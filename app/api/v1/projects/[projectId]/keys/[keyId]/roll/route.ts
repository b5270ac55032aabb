import { operations } from "@/lib/api/operations";
import { uuidParam } from "@/lib/http/params";
import { apiRoute, handle } from "@/lib/http/route";
import { rollApiKey, toCreatedApiKeyDto } from "@/lib/data";
import { rollApiKeyBodySchema } from "@/lib/schemas/keys/rest";

// POST /api/v1/projects/{projectId}/keys/{keyId}/roll - replace a key; the old one keeps
// working for the grace period. The response holds the new key, once, as a create's does.
const roll = handle(operations.rollApiKey, async (ctx) => {
  const projectId = uuidParam("projectId", ctx.params.projectId);
  const keyId = uuidParam("keyId", ctx.params.keyId);
  const { grace_period } = await ctx.body(rollApiKeyBodySchema);
  return ctx.idempotent(async (tx) => {
    const { key, apiKey } = await rollApiKey(ctx.caller, { keyId, projectId, grace: grace_period, tx });
    return { status: 201, body: { $schema: "/api/v1/schemas/CreateAPIKeyOutputBody.json", ...toCreatedApiKeyDto(apiKey, key) } };
  });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(roll);
