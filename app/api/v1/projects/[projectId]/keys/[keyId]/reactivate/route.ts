import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { reactivateApiKey, toApiKeyDto } from "@/lib/data";

// POST /api/v1/projects/{projectId}/keys/{keyId}/reactivate - a deactivated key verifies again
const reactivate = handle(operations.reactivateApiKey, async (ctx) => {
  const { projectId, keyId } = ctx.params;
  const key = await reactivateApiKey(ctx.caller, { keyId, projectId });
  return { status: 200, body: toApiKeyDto(key) };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(reactivate);
