import { operations } from "@/lib/api/operations";
import { rollPortalKey } from "@/lib/data";
import { apiRoute, handle } from "@/lib/http/route";

// POST /api/v1/portal/keys/{keyId}/roll - replace one of the identity's keys; the old one keeps
// working for the grace period. 201 with the new key, once.
const roll = handle(operations.rollPortalKey, async (ctx) => {
  const { grace_period } = await ctx.body();
  return { status: 201, body: await rollPortalKey(ctx.caller, { session: ctx.portal, keyId: ctx.params.keyId, grace: grace_period }) };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(roll);
