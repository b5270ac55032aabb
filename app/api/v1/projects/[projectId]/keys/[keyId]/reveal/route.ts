import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { revealApiKey } from "@/lib/data";
import { revealedApiKeyDtoSchema } from "@/lib/schemas/keys/rest";

// POST /api/v1/projects/{projectId}/keys/{keyId}/reveal - a recoverable key, again (audited);
// never stored by a cache on the way
const reveal = handle(operations.revealApiKey, async (ctx) => {
  const { projectId, keyId } = ctx.params;
  const { key, apiKey } = await revealApiKey(ctx.caller, { keyId, projectId });
  return {
    status: 200,
    body: revealedApiKeyDtoSchema.parse({ key_id: apiKey.id, key }),
    headers: { "cache-control": "no-store" },
  };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(reveal);
