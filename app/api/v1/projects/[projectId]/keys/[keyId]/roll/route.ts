import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { rollApiKey, toCreatedApiKeyDto } from "@/lib/data";

// POST /api/v1/projects/{projectId}/keys/{keyId}/roll - replace a key; the old one keeps
// working for the grace period. The response holds the new key, once, as a create's does.
const roll = handle(operations.rollApiKey, async (ctx) => {
  const { projectId, keyId } = ctx.params;
  const { grace_period } = await ctx.body();
  return ctx.idempotent(async (tx) => {
    const { key, apiKey } = await rollApiKey(ctx.caller, { keyId, projectId, grace: grace_period, tx });
    return { status: 201, body: { $schema: "/api/v1/schemas/CreateAPIKeyOutputBody.json", ...toCreatedApiKeyDto(apiKey, key) } };
  });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(roll);
