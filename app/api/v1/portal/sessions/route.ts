import { operations } from "@/lib/api/operations";
import { createPortalSession } from "@/lib/data";
import { publicBaseUrl } from "@/lib/http/base-url";
import { apiRoute, handle } from "@/lib/http/route";

// POST /api/v1/portal/sessions - open a portal session for one identity (admin, or a management
// key with portal:write). 201 with the link and the token, once.
const create = handle(operations.createPortalSession, async (ctx) => {
  const input = await ctx.body();
  const publicUrl = await publicBaseUrl();
  return ctx.idempotent(async (tx) => ({ status: 201, body: await createPortalSession(ctx.caller, { input, publicUrl, tx }) }));
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(create);
