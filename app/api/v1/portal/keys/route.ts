import { operations } from "@/lib/api/operations";
import { createPortalKey, listPortalKeys } from "@/lib/data";
import { apiRoute, handle } from "@/lib/http/route";

// GET /api/v1/portal/keys - the portal session identity's keys
const list = handle(operations.listPortalKeys, async (ctx) => {
  return { status: 200, body: await listPortalKeys(ctx.portal) };
});

// POST /api/v1/portal/keys - create one for the identity: 201 with the key, once
const create = handle(operations.createPortalKey, async (ctx) => {
  const input = await ctx.body();
  return { status: 201, body: await createPortalKey(ctx.caller, { session: ctx.portal, input }) };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(list, create);
