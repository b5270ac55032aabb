import { methodNotAllowed } from "@/lib/http/fallback";
import { uuidParam } from "@/lib/http/params";
import { apiRoute } from "@/lib/http/route";
import { getApiKeyOrThrow, getKeyUsageSeries } from "@/lib/data";
import { usageQuerySchema } from "@/lib/schemas/usage";

type Params = { projectId: string; keyId: string };

// GET /api/v1/projects/{projectId}/keys/{keyId}/usage?granularity=hour|day&since=… - the key's
// verifications per hour or per day, valid and invalid, every bucket from `since` to now
export const GET = apiRoute<Params>({ role: "member" }, async (ctx) => {
  const projectId = uuidParam("projectId", ctx.params.projectId);
  const keyId = uuidParam("keyId", ctx.params.keyId);
  const query = ctx.query(usageQuerySchema);
  await getApiKeyOrThrow(ctx.session.workspaceId, keyId, { projectId });
  const points = await getKeyUsageSeries(ctx.session.workspaceId, keyId, query);
  return { status: 200, body: points };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
