import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { getPortalSettings, setPortalSettings } from "@/lib/data";

// GET /api/v1/workspace/portal - the workspace's portal settings
const get = handle(operations.getPortalSettings, async (ctx) => {
  return { status: 200, body: await getPortalSettings(ctx.session.workspaceId) };
});

// PUT /api/v1/workspace/portal - replace them (admin); audited
const replace = handle(operations.setPortalSettings, async (ctx) => {
  const input = await ctx.body();
  return { status: 200, body: await setPortalSettings(ctx.caller, { input }) };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(get, replace);
