import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { deactivateApiKey, toApiKeyDto } from "@/lib/data";

// POST /api/v1/projects/{projectId}/keys/{keyId}/deactivate - refuse a key until it is reactivated
const deactivate = handle(operations.deactivateApiKey, async (ctx) => {
  const { projectId, keyId } = ctx.params;
  const key = await deactivateApiKey(ctx.caller, { keyId, projectId });
  return { status: 200, body: toApiKeyDto(key) };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(deactivate);
