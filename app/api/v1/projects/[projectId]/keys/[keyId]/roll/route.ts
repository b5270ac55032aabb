import { methodNotAllowed } from "@/lib/http/fallback";
import { uuidParam } from "@/lib/http/params";
import { apiRoute } from "@/lib/http/route";
import { rollApiKey, toCreatedApiKeyDto } from "@/lib/data";
import { rollApiKeyBodySchema } from "@/lib/schemas/keys/rest";

type Params = { projectId: string; keyId: string };

// POST /api/v1/projects/{projectId}/keys/{keyId}/roll - replace a key; the old one keeps
// working for the grace period. The response holds the new key, once, as a create's does.
export const POST = apiRoute<Params>({ role: "admin" }, async (ctx) => {
  const projectId = uuidParam("projectId", ctx.params.projectId);
  const keyId = uuidParam("keyId", ctx.params.keyId);
  const { grace_period } = await ctx.body(rollApiKeyBodySchema);
  return ctx.idempotent(async (tx) => {
    const { key, apiKey } = await rollApiKey(ctx.caller, { keyId, projectId, grace: grace_period, tx });
    return { status: 201, body: { $schema: "/api/v1/schemas/CreateAPIKeyOutputBody.json", ...toCreatedApiKeyDto(apiKey, key) } };
  });
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
