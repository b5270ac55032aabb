import { operations } from "@/lib/api/operations";
import { getPortalKeyUsage } from "@/lib/data";
import { apiRoute, handle } from "@/lib/http/route";

// GET /api/v1/portal/keys/{keyId}/usage - one of the identity's keys: its verifications over time
const usage = handle(operations.getPortalKeyUsage, async (ctx) => {
  const { granularity, since } = ctx.query();
  return { status: 200, body: await getPortalKeyUsage(ctx.portal, { keyId: ctx.params.keyId, granularity, since }) };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(usage);
