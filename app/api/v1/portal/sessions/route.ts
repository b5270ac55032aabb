import { operations } from "@/lib/api/operations";
import { createPortalSession } from "@/lib/data";
import { publicBaseUrl } from "@/lib/http/base-url";
import { apiRoute, handle } from "@/lib/http/route";

// POST /api/v1/portal/sessions - open a portal session for one identity (admin, or a management
// key with portal:write). 201 with the link and the token, once.
const create = handle(operations.createPortalSession, async (ctx) => {
  const input = await ctx.body();
  const session = await createPortalSession(ctx.caller, { input, publicUrl: await publicBaseUrl() });
  return { status: 201, body: session };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(create);
