import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { getApiKeyOrThrow, getUsageSeries } from "@/lib/data";

// GET /api/v1/projects/{projectId}/keys/{keyId}/usage?granularity=hour|day&since=… - the key's
// verifications per hour or per day, valid and invalid, every bucket from `since` to now
const usage = handle(operations.getApiKeyUsage, async (ctx) => {
  const { projectId, keyId } = ctx.params;
  const query = ctx.query();
  await getApiKeyOrThrow(ctx.session.workspaceId, keyId, { projectId });
  const points = await getUsageSeries(ctx.session.workspaceId, { ...query, keyId });
  return { status: 200, body: points };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(usage);
